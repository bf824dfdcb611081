import { Create } from 'react-admin';
import { ParticipantForm } from './ParticipantEdit';

export const ParticipantCreate = () => (
  <Create redirect="list">
    <ParticipantForm />
  </Create>
);
