import type { components } from '@loket/client';
import {
  AutocompleteInput,
  Datagrid,
  DateField,
  EditButton,
  EmailField,
  List,
  ReferenceField,
  ReferenceInput,
  SimpleList,
  TextField,
  TextInput,
} from 'react-admin';
import { ParticipantListActions } from '../cohorts/ImportButton';
import { csvExporter } from '../csv';
import { usePhone } from '../layout/usePhone';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="organisationId" source="organisationId" reference="organisations" alwaysOn>
    <AutocompleteInput optionText="name" />
  </ReferenceInput>,
];

type Person = components['schemas']['Participant'];

export const ParticipantList = () => (
  <List
    exporter={csvExporter}
    filters={filters}
    actions={<ParticipantListActions />}
    sort={{ field: 'familyName', order: 'ASC' }}
  >
    <ParticipantRows />
  </List>
);

function ParticipantRows() {
  const phone = usePhone();
  if (phone)
    return (
      <SimpleList<Person>
        primaryText={(p) => [p.givenName, p.nameInfix, p.familyName].filter(Boolean).join(' ')}
        secondaryText={(p) => p.email}
        tertiaryText={<ReferenceField source="organisationId" reference="organisations" link={false} />}
        linkType="edit"
      />
    );
  return (
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="familyName" />
      <TextField source="nameInfix" sortable={false} />
      <TextField source="givenName" />
      <EmailField source="email" />
      <TextField source="jobTitle" sortable={false} />
      <ReferenceField source="organisationId" reference="organisations" link={false} sortable={false} />
      <DateField source="updatedAt" locales="nl-NL" />
      <EditButton />
    </Datagrid>
  );
}
