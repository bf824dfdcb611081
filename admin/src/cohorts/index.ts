import GroupsIcon from '@mui/icons-material/Groups';
import { CohortCreate } from './CohortCreate';
import { CohortEdit } from './CohortEdit';
import { CohortList } from './CohortList';
import { CohortShow } from './CohortShow';

export default {
  list: CohortList,
  show: CohortShow,
  edit: CohortEdit,
  create: CohortCreate,
  icon: GroupsIcon,
  recordRepresentation: 'name',
};
