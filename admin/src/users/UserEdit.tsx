import {
  AutocompleteInput,
  BooleanInput,
  Create,
  Edit,
  email,
  Labeled,
  minLength,
  PasswordInput,
  ReferenceField,
  ReferenceInput,
  SelectField,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
} from 'react-admin';
import { useRoleChoices } from './roles';

// The API's own rule (10 characters or more); it also refuses common passwords and says why.
const password = [minLength(10)];

/** Role, organisation and email are set once: the API does not change them afterwards. */
export const UserCreate = () => {
  const roles = useRoleChoices().filter((role) => role.id !== 'participant');
  return (
    <Create redirect="list">
      <SimpleForm>
        <TextInput source="displayName" isRequired fullWidth />
        <TextInput source="email" type="email" validate={email()} isRequired fullWidth />
        <SelectInput source="role" choices={roles} isRequired />
        <ReferenceInput source="organisationId" reference="organisations" sort={{ field: 'name', order: 'ASC' }}>
          <AutocompleteInput optionText="name" isRequired />
        </ReferenceInput>
        <PasswordInput source="password" validate={password} isRequired helperText="loket.users.password_help" />
      </SimpleForm>
    </Create>
  );
};

export const UserEdit = () => {
  const roles = useRoleChoices();
  return (
    <Edit mutationMode="pessimistic">
      <SimpleForm>
        <Labeled>
          <TextField source="email" />
        </Labeled>
        <Labeled>
          <SelectField source="role" choices={roles} />
        </Labeled>
        <Labeled>
          <ReferenceField source="organisationId" reference="organisations" link={false} emptyText="—" />
        </Labeled>
        <TextInput source="displayName" isRequired fullWidth />
        <BooleanInput source="disabled" helperText="loket.users.disabled_help" />
        <PasswordInput source="password" validate={password} helperText="loket.users.new_password_help" />
      </SimpleForm>
    </Edit>
  );
};
