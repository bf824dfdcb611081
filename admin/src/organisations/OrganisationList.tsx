import {
  AutocompleteInput,
  Datagrid,
  DateField,
  EditButton,
  List,
  ReferenceField,
  ReferenceInput,
  SelectField,
  SelectInput,
  TextField,
  TextInput,
} from 'react-admin';
import { useKindChoices } from './kinds';

export function OrganisationList() {
  const kinds = useKindChoices();
  const filters = [
    <TextInput key="q" source="q" alwaysOn />,
    <SelectInput key="kind" source="kind" choices={kinds} alwaysOn />,
    <ReferenceInput key="within" source="within" reference="organisations" filter={{ kind: 'poi' }}>
      <AutocompleteInput optionText="name" />
    </ReferenceInput>,
  ];
  return (
    <List filters={filters} sort={{ field: 'name', order: 'ASC' }}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="name" />
        <SelectField source="kind" choices={kinds} />
        <ReferenceField source="parentId" reference="organisations" link={false} sortable={false} />
        <TextField source="city" sortable={false} />
        <TextField source="province" sortable={false} />
        <DateField source="updatedAt" locales="nl-NL" />
        <EditButton />
      </Datagrid>
    </List>
  );
}
