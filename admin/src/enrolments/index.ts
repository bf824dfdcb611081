import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import { EnrolmentList } from './EnrolmentList';
import { EnrolmentShow } from './EnrolmentShow';

interface Enrolment {
  participant: { givenName: string; nameInfix: string | null; familyName: string };
}

export default {
  list: EnrolmentList,
  show: EnrolmentShow,
  icon: AssignmentIndIcon,
  recordRepresentation: (e: Enrolment) =>
    [e.participant.givenName, e.participant.nameInfix, e.participant.familyName].filter(Boolean).join(' '),
};
