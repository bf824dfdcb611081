import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import ViewListIcon from '@mui/icons-material/ViewList';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useState } from 'react';
import { Link, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { useCan } from '../access';
import { loket, unwrap } from '../api';
import { useApiAction } from '../useApiAction';
import type { SessionRecord } from './choices';

export function AttendanceButton() {
  const record = useRecordContext<SessionRecord>();
  const translate = useTranslate();
  if (!record || record.status === 'cancelled') return null;
  return (
    <Button
      component={Link}
      to={`/sessions/${record.id}/attendance`}
      size="small"
      startIcon={<FactCheckIcon />}
      onClick={(event: { stopPropagation: () => void }) => event.stopPropagation()}
    >
      {translate('loket.sessions.attendance')}
    </Button>
  );
}

export function CalendarButton() {
  const translate = useTranslate();
  return (
    <Button component={Link} to="/sessions/calendar" size="small" startIcon={<CalendarMonthIcon />}>
      {translate('loket.sessions.calendar')}
    </Button>
  );
}

export function ListButton() {
  const translate = useTranslate();
  return (
    <Button component={Link} to="/sessions" size="small" startIcon={<ViewListIcon />}>
      {translate('loket.sessions.list')}
    </Button>
  );
}

/** Cancelling is final (the API has no undo), so it asks first. */
export function CancelMeetingButton() {
  const record = useRecordContext<SessionRecord>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const canWrite = useCan('sessions:write');
  const [open, setOpen] = useState(false);
  const { busy, run } = useApiAction();
  if (!record || !canWrite || record.status === 'cancelled') return null;
  const cancel = () =>
    run(async () => {
      await unwrap(loket.POST('/v1/sessions/{id}/cancel', { params: { path: { id: record.id } } }));
      notify('loket.sessions.cancelled', { type: 'success' });
      setOpen(false);
      refresh();
    });
  return (
    <>
      {/* Contained: red text on the toolbar's grey would be too faint to read. */}
      <Button color="error" variant="contained" startIcon={<EventBusyIcon />} onClick={() => setOpen(true)}>
        {translate('loket.sessions.cancel')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="cancel-meeting-title">
        <DialogTitle id="cancel-meeting-title">{translate('loket.sessions.cancel_title')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{translate('loket.sessions.cancel_text')}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('loket.sessions.cancel_keep')}</Button>
          <Button color="error" variant="contained" onClick={cancel} disabled={busy}>
            {translate('loket.sessions.cancel')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
