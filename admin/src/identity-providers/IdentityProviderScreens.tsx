import { Typography } from '@mui/material';
import {
  ArrayInput,
  AutocompleteInput,
  BooleanField,
  BooleanInput,
  Create,
  Datagrid,
  DateField,
  Edit,
  Labeled,
  List,
  PasswordInput,
  ReferenceField,
  ReferenceInput,
  required,
  SimpleForm,
  SimpleFormIterator,
  TextField,
  TextInput,
  useTranslate,
} from 'react-admin';
import { csvExporter } from '../csv';

const RedirectHelp = () => (
  <Typography variant="caption" color="text.secondary" sx={{ mt: -1, mb: 2 }}>
    {useTranslate()('loket.identity_providers.redirect_help')}
  </Typography>
);

const DomainsInput = () => (
  <ArrayInput source="allowedDomains" helperText="loket.identity_providers.domains_help" validate={required()}>
    <SimpleFormIterator inline disableReordering>
      <TextInput source="" label="loket.identity_providers.domain" validate={required()} />
    </SimpleFormIterator>
  </ArrayInput>
);

/** The settings both forms share; the organisation is chosen once, at creation. */
const Settings = ({ creating }: { creating: boolean }) => (
  <>
    <TextInput source="name" validate={required()} fullWidth />
    <TextInput source="issuerUrl" validate={required()} helperText="loket.identity_providers.issuer_help" fullWidth />
    <TextInput source="clientId" validate={required()} fullWidth />
    <PasswordInput
      source="clientSecret"
      validate={creating ? required() : undefined}
      helperText={creating ? 'loket.identity_providers.secret_help' : 'loket.identity_providers.secret_keep'}
      fullWidth
    />
    <DomainsInput />
    <BooleanInput source="provisionParticipants" helperText="loket.identity_providers.provision_help" />
    <BooleanInput source="passwordSignIn" />
    <BooleanInput source="enabled" />
  </>
);

export const IdentityProviderList = () => (
  <List exporter={csvExporter} sort={{ field: 'name', order: 'ASC' }}>
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="name" />
      <ReferenceField source="organisationId" reference="organisations" link={false} sortable={false} />
      <TextField source="allowedDomains" sortable={false} />
      <BooleanField source="enabled" sortable={false} />
      <BooleanField source="passwordSignIn" sortable={false} />
      <DateField source="createdAt" locales="nl-NL" />
    </Datagrid>
  </List>
);

export const IdentityProviderCreate = () => (
  <Create redirect="edit">
    <SimpleForm defaultValues={{ enabled: true, provisionParticipants: false, passwordSignIn: false }}>
      <ReferenceInput source="organisationId" reference="organisations" sort={{ field: 'name', order: 'ASC' }}>
        <AutocompleteInput optionText="name" validate={required()} />
      </ReferenceInput>
      <Settings creating />
    </SimpleForm>
  </Create>
);

export const IdentityProviderEdit = () => (
  <Edit mutationMode="pessimistic">
    <SimpleForm>
      <Labeled>
        <ReferenceField source="organisationId" reference="organisations" link={false} />
      </Labeled>
      <Labeled>
        <TextField source="redirectUri" />
      </Labeled>
      <RedirectHelp />
      <Settings creating={false} />
    </SimpleForm>
  </Edit>
);
