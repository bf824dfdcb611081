import { Alert } from '@mui/material';
import { Edit, useRecordContext, useTranslate } from 'react-admin';
import type { SessionRecord } from './choices';
import { SessionForm } from './SessionForm';

function CancelledNote() {
  const record = useRecordContext<SessionRecord>();
  const translate = useTranslate();
  if (record?.status !== 'cancelled') return null;
  return (
    <Alert severity="info" sx={{ m: 2, mb: 0 }}>
      {translate('loket.sessions.is_cancelled')}
    </Alert>
  );
}

export function SessionEdit() {
  return (
    <Edit redirect="list" mutationMode="pessimistic">
      <CancelledNote />
      <SessionForm />
    </Edit>
  );
}
