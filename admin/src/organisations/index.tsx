import BusinessIcon from '@mui/icons-material/Business';
import {
  Create,
  Datagrid,
  DateField,
  Edit,
  EmailField,
  List,
  ReferenceField,
  ReferenceInput,
  SelectField,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  UrlField,
  useTranslate,
} from 'react-admin';

const kinds = ['national', 'poi', 'library', 'branch', 'partner'] as const;

function useKindChoices() {
  const translate = useTranslate();
  return kinds.map((id) => ({ id, name: translate(`loket.kinds.${id}`) }));
}

function OrganisationFilters() {
  const choices = useKindChoices();
  return [
    <TextInput key="q" source="q" alwaysOn />,
    <SelectInput key="kind" source="kind" choices={choices} alwaysOn />,
    <ReferenceInput key="within" source="within" reference="organisations" filter={{ kind: 'poi' }}>
      <SelectInput optionText="name" />
    </ReferenceInput>,
  ];
}

function OrganisationList() {
  const choices = useKindChoices();
  return (
    <List filters={OrganisationFilters()} sort={{ field: 'name', order: 'ASC' }}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="name" />
        <SelectField source="kind" choices={choices} sortable />
        <ReferenceField source="parentId" reference="organisations" link={false} sortable={false}>
          <TextField source="name" />
        </ReferenceField>
        <TextField source="city" sortable={false} />
        <DateField source="updatedAt" locales="nl-NL" />
      </Datagrid>
    </List>
  );
}

function OrganisationForm({ create }: { create?: boolean }) {
  const choices = useKindChoices();
  return (
    <SimpleForm>
      {create ? (
        <SelectInput source="kind" choices={choices} isRequired />
      ) : (
        <SelectField source="kind" choices={choices} />
      )}
      <ReferenceInput source="parentId" reference="organisations" sort={{ field: 'name', order: 'ASC' }}>
        <SelectInput optionText="name" />
      </ReferenceInput>
      <TextInput source="name" isRequired fullWidth />
      <TextInput source="shortName" />
      <TextInput source="province" />
      <TextInput source="city" />
      <TextInput source="email" type="email" />
      <TextInput source="phone" />
      <TextInput source="website" type="url" fullWidth />
      {create ? null : <EmailField source="email" />}
      {create ? null : <UrlField source="website" />}
    </SimpleForm>
  );
}

const OrganisationEdit = () => (
  <Edit mutationMode="pessimistic">
    <OrganisationForm />
  </Edit>
);

const OrganisationCreate = () => (
  <Create redirect="list">
    <OrganisationForm create />
  </Create>
);

export default {
  list: OrganisationList,
  edit: OrganisationEdit,
  create: OrganisationCreate,
  icon: BusinessIcon,
  recordRepresentation: 'name',
};
