import PeopleIcon from '@mui/icons-material/People';
import {
  Create,
  Datagrid,
  DateField,
  Edit,
  EmailField,
  List,
  ReferenceField,
  ReferenceInput,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
} from 'react-admin';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <ReferenceInput
    key="organisationId"
    source="organisationId"
    reference="organisations"
    sort={{ field: 'name', order: 'ASC' }}
  >
    <SelectInput optionText="name" />
  </ReferenceInput>,
];

const ParticipantList = () => (
  <List filters={filters} sort={{ field: 'familyName', order: 'ASC' }}>
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="familyName" />
      <TextField source="nameInfix" sortable={false} />
      <TextField source="givenName" />
      <EmailField source="email" />
      <TextField source="jobTitle" sortable={false} />
      <ReferenceField source="organisationId" reference="organisations" link={false} sortable={false}>
        <TextField source="name" />
      </ReferenceField>
      <DateField source="updatedAt" locales="nl-NL" />
    </Datagrid>
  </List>
);

const ParticipantForm = () => (
  <SimpleForm>
    <ReferenceInput source="organisationId" reference="organisations" sort={{ field: 'name', order: 'ASC' }}>
      <SelectInput optionText="name" isRequired />
    </ReferenceInput>
    <TextInput source="givenName" isRequired />
    <TextInput source="nameInfix" />
    <TextInput source="familyName" isRequired />
    <TextInput source="email" type="email" isRequired />
    <TextInput source="jobTitle" />
  </SimpleForm>
);

export default {
  list: ParticipantList,
  edit: () => (
    <Edit mutationMode="pessimistic">
      <ParticipantForm />
    </Edit>
  ),
  create: () => (
    <Create redirect="list">
      <ParticipantForm />
    </Create>
  ),
  icon: PeopleIcon,
  recordRepresentation: (record: { givenName: string; nameInfix: string | null; familyName: string }) =>
    [record.givenName, record.nameInfix, record.familyName].filter(Boolean).join(' '),
};
