import type { components } from '@loket/client';
import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import { EnrolmentList } from './EnrolmentList';
import { EnrolmentShow } from './EnrolmentShow';

type Enrolment = components['schemas']['Enrolment'];

export default {
  list: EnrolmentList,
  show: EnrolmentShow,
  icon: AssignmentIndIcon,
  recordRepresentation: (e: Enrolment) =>
    [e.participant.givenName, e.participant.nameInfix, e.participant.familyName].filter(Boolean).join(' '),
};
