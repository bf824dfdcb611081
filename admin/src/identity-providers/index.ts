import LoginIcon from '@mui/icons-material/Login';
import { IdentityProviderCreate, IdentityProviderEdit, IdentityProviderList } from './IdentityProviderScreens';

export default {
  list: IdentityProviderList,
  create: IdentityProviderCreate,
  edit: IdentityProviderEdit,
  icon: LoginIcon,
  recordRepresentation: 'name',
};
