import type { components } from '@loket/client';
import PeopleIcon from '@mui/icons-material/People';
import { ParticipantCreate } from './ParticipantCreate';
import { ParticipantEdit } from './ParticipantEdit';
import { ParticipantList } from './ParticipantList';

type Participant = components['schemas']['Participant'];

export default {
  list: ParticipantList,
  edit: ParticipantEdit,
  create: ParticipantCreate,
  icon: PeopleIcon,
  recordRepresentation: (p: Participant) => [p.givenName, p.nameInfix, p.familyName].filter(Boolean).join(' '),
};
