import WorkspacePremiumIcon from '@mui/icons-material/WorkspacePremium';
import { CertificateIssue } from './CertificateIssue';
import { CertificateList } from './CertificateList';
import { CertificateShow } from './CertificateShow';

export { IssueCertificateButton } from './IssueCertificateButton';
export { IssueCohortCertificatesButton } from './IssueCohortCertificatesButton';

export default {
  list: CertificateList,
  show: CertificateShow,
  create: CertificateIssue,
  icon: WorkspacePremiumIcon,
  recordRepresentation: 'number',
};
