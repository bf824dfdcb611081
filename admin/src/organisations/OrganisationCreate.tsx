import { Create } from 'react-admin';
import { OrganisationForm } from './OrganisationEdit';

export const OrganisationCreate = () => (
  <Create redirect="list">
    <OrganisationForm create />
  </Create>
);
