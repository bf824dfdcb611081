import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRecordContext, useRefresh, useTranslate, useUpdate } from 'react-admin';
import { useCan } from '../access';
import type { CohortRecord } from './choices';

/** The status step the API offers next (the cohort's nextStatuses), behind a confirmation, for those who may plan cohorts. */
export function StatusActions() {
  const record = useRecordContext<CohortRecord>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const canWrite = useCan('cohorts:write');
  const [open, setOpen] = useState(false);
  const [update, { isPending }] = useUpdate();
  if (!record || !canWrite) return null;
  const [next] = record.nextStatuses;
  if (!next) return null;
  const statusName = translate(`loket.cohorts.status.${next}`);
  const confirm = () =>
    update(
      'cohorts',
      { id: record.id, data: { status: next }, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          setOpen(false);
          notify('loket.cohorts.advanced', { type: 'success', messageArgs: { status: statusName } });
          refresh();
        },
        onError: (error) => {
          setOpen(false);
          notify((error as Error).message, { type: 'error' });
        },
      },
    );
  return (
    <>
      <Button variant="contained" startIcon={<ArrowForwardIcon />} onClick={() => setOpen(true)}>
        {translate(`loket.cohorts.advance.${next}`)}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="advance-title">
        <DialogTitle id="advance-title">
          {translate('loket.cohorts.advance_confirm_title', { status: statusName })}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>{translate('loket.cohorts.advance_confirm')}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" onClick={confirm} disabled={isPending}>
            {translate('ra.action.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
