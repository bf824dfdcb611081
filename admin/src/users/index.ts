import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import { UserCreate, UserEdit } from './UserEdit';
import { UserList } from './UserList';

export default {
  list: UserList,
  edit: UserEdit,
  create: UserCreate,
  icon: ManageAccountsIcon,
  recordRepresentation: 'displayName',
};
