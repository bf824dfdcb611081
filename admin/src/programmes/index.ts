import SchoolIcon from '@mui/icons-material/School';
import { ProgrammeList } from './ProgrammeList';
import { ProgrammeShow } from './ProgrammeShow';

export default { list: ProgrammeList, show: ProgrammeShow, icon: SchoolIcon, recordRepresentation: 'name' };
