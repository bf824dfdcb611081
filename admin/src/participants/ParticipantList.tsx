import {
  AutocompleteInput,
  Datagrid,
  DateField,
  EditButton,
  EmailField,
  List,
  ReferenceField,
  ReferenceInput,
  TextField,
  TextInput,
} from 'react-admin';
import { ParticipantListActions } from '../cohorts/ImportButton';
import { csvExporter } from '../csv';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="organisationId" source="organisationId" reference="organisations" alwaysOn>
    <AutocompleteInput optionText="name" />
  </ReferenceInput>,
];

export const ParticipantList = () => (
  <List
    exporter={csvExporter}
    filters={filters}
    actions={<ParticipantListActions />}
    sort={{ field: 'familyName', order: 'ASC' }}
  >
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
  </List>
);
