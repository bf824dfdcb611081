import type { components } from '@loket/client';
import { Stack, Typography } from '@mui/material';
import { Link, useGetList, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { IssueCertificateButton } from '../certificates';

type EnrolmentDetail = components['schemas']['EnrolmentDetail'];
type CertificateSummary = components['schemas']['Certificate'];

/** The enrolment's certificate: a link to it once issued, the issue button once everything is done. */
export function CertificatePanel() {
  const record = useRecordContext<EnrolmentDetail>();
  const translate = useTranslate();
  const refresh = useRefresh();
  const { data: certificates = [] } = useGetList<CertificateSummary>(
    'certificates',
    { filter: { enrolmentId: record?.id }, pagination: { page: 1, perPage: 5 } },
    { enabled: Boolean(record?.id) },
  );
  if (!record) return null;
  const valid = certificates.find((certificate) => !certificate.revokedAt);
  if (valid) {
    return (
      <Typography variant="body2">
        {translate('loket.enrolments.certificate_issued')}{' '}
        <Link to={`/certificates/${valid.id}/show`}>{valid.number}</Link>
      </Typography>
    );
  }
  return (
    <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <Typography variant="body2" color="text.secondary">
        {translate(record.completion.eligible ? 'loket.enrolments.eligible' : 'loket.enrolments.certificate_pending')}
      </Typography>
      {record.completion.eligible && <IssueCertificateButton enrolmentId={record.id} onIssued={refresh} />}
    </Stack>
  );
}
