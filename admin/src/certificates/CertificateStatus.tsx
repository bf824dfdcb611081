import type { components } from '@loket/client';
import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

type Certificate = components['schemas']['Certificate'];

/** Geldig or ingetrokken, in words and colour (the words carry the meaning, not the colour). */
export function CertificateStatus() {
  const record = useRecordContext<Certificate>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Chip
      size="small"
      variant={record.status === 'valid' ? 'filled' : 'outlined'}
      color={record.status === 'valid' ? 'success' : 'error'}
      label={translate(`loket.certificates.status.${record.status}`)}
    />
  );
}
