import { Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

/**
 * Placeholder for the certificates screen's "Certificaat uitreiken" button: the lead passes that
 * button to EnrolmentShow as `certificateAction` (it reads the enrolment from the record context).
 */
export function CertificateSlot() {
  const record = useRecordContext<{ completion: { eligible: boolean } }>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Typography variant="body2" color="text.secondary">
      {translate(record.completion.eligible ? 'loket.enrolments.eligible' : 'loket.enrolments.certificate_pending')}
    </Typography>
  );
}
