import type { components } from '@loket/client';
import { Button } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRecordContext, useRefresh, useTranslate, useUpdate } from 'react-admin';
import { useCan } from '../access';
import { ConfirmDialog } from './ConfirmDialog';

type EnrolmentDetail = components['schemas']['EnrolmentDetail'];

/** Withdraw someone, or take them back: PATCH with If-Match through the data provider. */
export function WithdrawButton() {
  const record = useRecordContext<EnrolmentDetail>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const canWrite = useCan('enrolments:write');
  const [open, setOpen] = useState(false);
  const [update, { isPending }] = useUpdate();
  if (!record || !canWrite) return null;
  const withdrawn = record.status === 'withdrawn';
  const change = () =>
    update(
      'enrolments',
      { id: record.id, data: { status: withdrawn ? 'active' : 'withdrawn' }, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          setOpen(false);
          notify(withdrawn ? 'loket.enrolments.reinstated' : 'loket.enrolments.withdrawn', { type: 'success' });
          // The page shows the detailed read (its own cache entry), which the update does not touch.
          refresh();
        },
        onError: (error) => {
          setOpen(false);
          notify((error as Error).message, { type: 'error' });
        },
      },
    );
  if (withdrawn)
    return (
      <Button variant="outlined" onClick={change} disabled={isPending}>
        {translate('loket.enrolments.reinstate')}
      </Button>
    );
  if (record.status === 'completed') return null;
  return (
    <>
      <Button color="error" onClick={() => setOpen(true)}>
        {translate('loket.enrolments.withdraw')}
      </Button>
      <ConfirmDialog
        open={open}
        title={translate('loket.enrolments.withdraw_title')}
        text={translate('loket.enrolments.withdraw_text')}
        confirm={translate('loket.enrolments.withdraw')}
        onClose={() => setOpen(false)}
        onConfirm={change}
        busy={isPending}
      />
    </>
  );
}
