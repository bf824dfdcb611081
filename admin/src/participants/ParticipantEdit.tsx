import { AutocompleteInput, Edit, ReferenceInput, SimpleForm, TextInput } from 'react-admin';

export const ParticipantForm = () => (
  <SimpleForm>
    <ReferenceInput source="organisationId" reference="organisations" sort={{ field: 'name', order: 'ASC' }}>
      <AutocompleteInput optionText="name" isRequired />
    </ReferenceInput>
    <TextInput source="givenName" isRequired />
    <TextInput source="nameInfix" />
    <TextInput source="familyName" isRequired />
    <TextInput source="email" type="email" isRequired />
    <TextInput source="jobTitle" />
  </SimpleForm>
);

export const ParticipantEdit = () => (
  <Edit mutationMode="pessimistic">
    <ParticipantForm />
  </Edit>
);
