import EventIcon from '@mui/icons-material/Event';
import { SessionCreate } from './SessionCreate';
import { SessionEdit } from './SessionEdit';
import { SessionList } from './SessionList';

export default {
  list: SessionList,
  edit: SessionEdit,
  create: SessionCreate,
  icon: EventIcon,
  recordRepresentation: 'title',
};
