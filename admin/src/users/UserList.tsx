import type { components } from '@loket/client';
import {
  AutocompleteInput,
  BooleanField,
  Datagrid,
  DateField,
  EditButton,
  EmailField,
  List,
  ReferenceField,
  ReferenceInput,
  SelectField,
  SelectInput,
  SimpleList,
  TextField,
  TextInput,
} from 'react-admin';
import { csvExporter } from '../csv';
import { usePhone } from '../layout/usePhone';
import { useRoleChoices } from './roles';

type User = components['schemas']['User'];

export function UserList() {
  const roles = useRoleChoices();
  const phone = usePhone();
  const filters = [
    <TextInput key="q" source="q" alwaysOn />,
    <SelectInput key="role" source="role" choices={roles} alwaysOn />,
    <ReferenceInput key="organisationId" source="organisationId" reference="organisations">
      <AutocompleteInput optionText="name" />
    </ReferenceInput>,
  ];
  return (
    <List exporter={csvExporter} filters={filters} sort={{ field: 'displayName', order: 'ASC' }}>
      {phone ? (
        <SimpleList<User>
          primaryText={(u) => u.displayName}
          secondaryText={(u) => u.email}
          tertiaryText={(u) => roles.find((r) => r.id === u.role)?.name ?? u.role}
          linkType="edit"
        />
      ) : (
        <Datagrid rowClick="edit" bulkActionButtons={false}>
          <TextField source="displayName" />
          <EmailField source="email" />
          <SelectField source="role" choices={roles} sortable={false} />
          <ReferenceField source="organisationId" reference="organisations" link={false} sortable={false} />
          <BooleanField source="disabled" sortable={false} />
          <DateField source="lastLoginAt" showTime locales="nl-NL" sortable={false} />
          <EditButton />
        </Datagrid>
      )}
    </List>
  );
}
