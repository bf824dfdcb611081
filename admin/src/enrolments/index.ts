import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import { EnrolmentShow } from './EnrolmentShow';

interface Enrolment {
  participant: { givenName: string; nameInfix: string | null; familyName: string };
}

export default {
  show: EnrolmentShow,
  icon: AssignmentIndIcon,
  recordRepresentation: (e: Enrolment) =>
    [e.participant.givenName, e.participant.nameInfix, e.participant.familyName].filter(Boolean).join(' '),
};
