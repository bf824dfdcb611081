import MenuBookIcon from '@mui/icons-material/MenuBook';
import { ModuleList } from './ModuleList';
import { ModuleShow } from './ModuleShow';

export default { list: ModuleList, show: ModuleShow, icon: MenuBookIcon, recordRepresentation: 'title' };
