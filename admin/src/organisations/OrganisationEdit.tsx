import {
  AutocompleteInput,
  Edit,
  Labeled,
  ReferenceInput,
  SelectField,
  SelectInput,
  SimpleForm,
  TextInput,
} from 'react-admin';
import { useKindChoices } from './kinds';

/** The kind is chosen once, on creation: the API does not let it change. */
export function OrganisationForm({ create = false }: { create?: boolean }) {
  const kinds = useKindChoices();
  return (
    <SimpleForm>
      {create ? (
        <SelectInput source="kind" choices={kinds} isRequired />
      ) : (
        <Labeled>
          <SelectField source="kind" choices={kinds} />
        </Labeled>
      )}
      <ReferenceInput source="parentId" reference="organisations" sort={{ field: 'name', order: 'ASC' }}>
        <AutocompleteInput optionText="name" />
      </ReferenceInput>
      <TextInput source="name" isRequired fullWidth />
      <TextInput source="shortName" />
      <TextInput source="province" />
      <TextInput source="city" />
      <TextInput source="email" type="email" />
      <TextInput source="phone" type="tel" />
      <TextInput source="website" type="url" fullWidth />
    </SimpleForm>
  );
}

export const OrganisationEdit = () => (
  <Edit mutationMode="pessimistic">
    <OrganisationForm />
  </Edit>
);
