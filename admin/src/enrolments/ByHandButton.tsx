import type { components } from '@loket/client';
import { MenuItem, TextField } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { loket, unwrap } from '../api';
import { ReasonedActionButton } from './ReasonedActionButton';

type EnrolmentDetail = components['schemas']['EnrolmentDetail'];

/** Record progress by hand (e.g. completed elsewhere), with the reason the API shows and keeps. */
export function ByHandButton({ module }: { module: EnrolmentDetail['progress'][number] }) {
  const translate = useTranslate();
  const [status, setStatus] = useState<'completed' | 'in_progress'>('completed');
  return (
    <ReasonedActionButton
      action="by_hand"
      moduleTitle={module.title}
      send={(id, reason) =>
        unwrap(
          loket.POST('/v1/enrolments/{id}/progress/{moduleCode}/by-hand', {
            params: { path: { id, moduleCode: module.code } },
            body: { status, reason },
          }),
        )
      }
    >
      <TextField
        select
        fullWidth
        sx={{ mt: 2 }}
        label={translate('loket.enrolments.by_hand_status')}
        value={status}
        onChange={(event) => setStatus(event.target.value as 'completed' | 'in_progress')}
      >
        {(['completed', 'in_progress'] as const)
          .filter((s) => s === 'completed' || module.status === 'not_started')
          .map((s) => (
            <MenuItem key={s} value={s}>
              {translate(`loket.enrolments.progress_status.${s}`)}
            </MenuItem>
          ))}
      </TextField>
    </ReasonedActionButton>
  );
}
