import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { CohortRecord, CohortStatus } from './choices';

const colours: Record<CohortStatus, 'default' | 'primary' | 'success' | 'warning'> = {
  planned: 'default',
  running: 'primary',
  evaluating: 'warning',
  closed: 'success',
};

/** The cohort's status as a coloured label (the text carries the meaning, the colour only helps). */
export function StatusChip(_props: { label?: string; source?: string }) {
  const record = useRecordContext<CohortRecord>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Chip size="small" color={colours[record.status]} label={translate(`loket.cohorts.status.${record.status}`)} />
  );
}
