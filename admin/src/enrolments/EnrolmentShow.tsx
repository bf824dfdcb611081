import type { components } from '@loket/client';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  List,
  ListItem,
  ListItemText,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { type ReactNode, useState } from 'react';
import { Link, Show, TopToolbar, useNotify, useRecordContext, useRefresh, useTranslate, useUpdate } from 'react-admin';
import { useCan } from '../access';
import { loket, unwrap } from '../api';
import { keepNotFound, NotFoundNote } from '../cohorts/NotFound';
import { meetingMoment } from '../sessions/time';
import { CertificatePanel } from './CertificatePanel';

type EnrolmentDetail = components['schemas']['EnrolmentDetail'];

const personName = (p: EnrolmentDetail['participant']) =>
  [p.givenName, p.nameInfix, p.familyName].filter(Boolean).join(' ');
const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString('nl-NL', { dateStyle: 'medium' }) : '—');

function ConfirmDialog(props: {
  open: boolean;
  title: string;
  text: string;
  confirm: string;
  onClose: () => void;
  onConfirm: () => void;
  busy: boolean;
  children?: ReactNode;
  disabled?: boolean;
}) {
  const translate = useTranslate();
  return (
    <Dialog open={props.open} onClose={props.onClose} aria-labelledby="enrolment-dialog-title" fullWidth maxWidth="sm">
      <DialogTitle id="enrolment-dialog-title">{props.title}</DialogTitle>
      <DialogContent>
        <DialogContentText>{props.text}</DialogContentText>
        {props.children}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={props.onConfirm} disabled={props.busy || props.disabled}>
          {props.confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Withdraw someone, or take them back: PATCH with If-Match through the data provider. */
function WithdrawButton() {
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

/** Reopen a completed module, with the reason the API keeps in the audit log. */
function ResetButton({ module }: { module: EnrolmentDetail['progress'][number] }) {
  const record = useRecordContext<EnrolmentDetail>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  if (!record) return null;
  const reset = async () => {
    setBusy(true);
    try {
      await unwrap(
        loket.POST('/v1/enrolments/{id}/progress/{moduleCode}/reset', {
          params: { path: { id: record.id, moduleCode: module.code } },
          body: { reason: reason.trim() },
        }),
      );
      notify('loket.enrolments.reset_done', { type: 'success' });
      setOpen(false);
      setReason('');
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {translate('loket.enrolments.reset')}
      </Button>
      <ConfirmDialog
        open={open}
        title={translate('loket.enrolments.reset_title', { title: module.title })}
        text={translate('loket.enrolments.reset_text')}
        confirm={translate('loket.enrolments.reset')}
        onClose={() => setOpen(false)}
        onConfirm={reset}
        busy={busy}
        disabled={reason.trim().length < 5}
      >
        <TextField
          autoFocus
          fullWidth
          multiline
          minRows={2}
          sx={{ mt: 2 }}
          label={translate('loket.enrolments.reset_reason')}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          slotProps={{ htmlInput: { maxLength: 500 } }}
        />
      </ConfirmDialog>
    </>
  );
}

/** Record progress by hand (e.g. completed elsewhere), with the reason the API shows and keeps. */
function ByHandButton({ module }: { module: EnrolmentDetail['progress'][number] }) {
  const record = useRecordContext<EnrolmentDetail>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<'completed' | 'in_progress'>('completed');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  if (!record) return null;
  const save = async () => {
    setBusy(true);
    try {
      await unwrap(
        loket.POST('/v1/enrolments/{id}/progress/{moduleCode}/by-hand', {
          params: { path: { id: record.id, moduleCode: module.code } },
          body: { status, reason: reason.trim() },
        }),
      );
      notify('loket.enrolments.by_hand_done', { type: 'success' });
      setOpen(false);
      setReason('');
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {translate('loket.enrolments.by_hand')}
      </Button>
      <ConfirmDialog
        open={open}
        title={translate('loket.enrolments.by_hand_title', { title: module.title })}
        text={translate('loket.enrolments.by_hand_text')}
        confirm={translate('loket.enrolments.by_hand')}
        onClose={() => setOpen(false)}
        onConfirm={save}
        busy={busy}
        disabled={reason.trim().length < 5}
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
        <TextField
          fullWidth
          multiline
          minRows={2}
          required
          sx={{ mt: 2 }}
          label={translate('loket.enrolments.by_hand_reason')}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          slotProps={{ htmlInput: { maxLength: 500 } }}
        />
      </ConfirmDialog>
    </>
  );
}

function Missing() {
  const record = useRecordContext<EnrolmentDetail>();
  const translate = useTranslate();
  if (!record?.completion) return null;
  if (record.status === 'withdrawn')
    return <Alert severity="info">{translate('loket.enrolments.nothing_missing_withdrawn')}</Alert>;
  if (record.completion.eligible)
    return (
      <Alert severity="success" icon={<CheckCircleIcon />}>
        {translate('loket.enrolments.eligible')}
      </Alert>
    );
  return (
    <Alert severity="warning" icon={false}>
      <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
        {translate('loket.enrolments.missing_title')}
      </Typography>
      <List dense disablePadding>
        {record.completion.missing.map((item) => (
          <ListItem key={`${item.kind}:${item.id}`} disableGutters>
            <ListItemText
              primary={`${translate(`loket.enrolments.missing_kind.${item.kind}`)}: ${item.title}`}
              secondary={translate(`loket.enrolments.missing_reason.${item.reason}`)}
            />
          </ListItem>
        ))}
      </List>
    </Alert>
  );
}

function Detail() {
  const record = useRecordContext<EnrolmentDetail>();
  const translate = useTranslate();
  const canReset = useCan('progress:reset');
  const canRecord = useCan('progress:record-by-hand');
  const withActions = canReset || canRecord;
  if (!record?.completion) return null;
  return (
    <CardContent>
      <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'baseline', flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1">
          {personName(record.participant)}
        </Typography>
        <Chip label={translate(`loket.enrolments.status.${record.status}`)} />
      </Stack>
      <Typography variant="body1" sx={{ mb: 2 }}>
        {record.participant.email} · <Link to={`/cohorts/${record.cohortId}/show/enrolments`}>{record.cohortName}</Link>
        {' · '}
        {translate('resources.enrolments.fields.invitedAt')} {day(record.invitedAt)}
        {record.completedAt && ` · ${translate('resources.enrolments.fields.completedAt')} ${day(record.completedAt)}`}
        {record.withdrawnAt && ` · ${translate('resources.enrolments.fields.withdrawnAt')} ${day(record.withdrawnAt)}`}
      </Typography>

      <Box sx={{ mb: 3 }}>
        <Missing />
      </Box>
      <Box sx={{ mb: 3 }}>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
          {translate('loket.enrolments.certificate_slot')}
        </Typography>
        <CertificatePanel />
      </Box>

      <Typography variant="h6" component="h2" gutterBottom>
        {translate('loket.enrolments.modules')}
      </Typography>
      <Table size="small" sx={{ mb: 3 }}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('resources.cohorts.fields.modules')}</TableCell>
            <TableCell>{translate('loket.enrolments.status_label')}</TableCell>
            <TableCell>{translate('loket.enrolments.started')}</TableCell>
            <TableCell>{translate('loket.enrolments.completed')}</TableCell>
            <TableCell>{translate('loket.enrolments.score')}</TableCell>
            {withActions && <TableCell />}
          </TableRow>
        </TableHead>
        <TableBody>
          {record.progress.map((module) => (
            <TableRow key={module.moduleId}>
              <TableCell>{translate('loket.module', { position: module.position, title: module.title })}</TableCell>
              <TableCell>
                <Chip
                  size="small"
                  variant={module.status === 'completed' ? 'filled' : 'outlined'}
                  color={module.status === 'completed' ? 'success' : 'default'}
                  label={translate(`loket.enrolments.progress_status.${module.status}`)}
                />
                {module.recordedByHand && (
                  <Typography variant="body2" sx={{ mt: 0.5, maxWidth: 360 }}>
                    {translate('loket.enrolments.by_hand_note', {
                      name: module.recordedByHand.byName ?? translate('loket.enrolments.by_hand_someone'),
                      date: day(module.recordedByHand.at),
                      reason: module.recordedByHand.reason,
                    })}
                  </Typography>
                )}
              </TableCell>
              <TableCell>{day(module.startedAt)}</TableCell>
              <TableCell>{day(module.completedAt)}</TableCell>
              <TableCell>{module.score === null ? '—' : `${Math.round(module.score * 100)}%`}</TableCell>
              {withActions && (
                <TableCell>
                  {canReset && module.status === 'completed' && <ResetButton module={module} />}
                  {canRecord && module.status !== 'completed' && record.status !== 'withdrawn' && (
                    <ByHandButton module={module} />
                  )}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <Typography variant="h6" component="h2" gutterBottom>
        {translate('loket.enrolments.meetings')}
      </Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{translate('resources.sessions.fields.title')}</TableCell>
            <TableCell>{translate('resources.sessions.fields.startsAt')}</TableCell>
            <TableCell>{translate('loket.sessions.attendance')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {record.attendance.map((meeting) => (
            <TableRow key={meeting.sessionId}>
              <TableCell>
                <Link to={`/sessions/${meeting.sessionId}/attendance`}>{meeting.title}</Link>
                {!meeting.countsForCertificate && ` (${translate('loket.sessions.counts.no').toLowerCase()})`}
              </TableCell>
              <TableCell>
                {new Intl.DateTimeFormat('nl-NL', meetingMoment).format(new Date(meeting.startsAt))}
              </TableCell>
              <TableCell>
                {meeting.cancelled
                  ? translate('loket.enrolments.meeting_cancelled')
                  : meeting.status
                    ? `${translate(`loket.sessions.attendance_status.${meeting.status}`)}${
                        meeting.excuseWaived ? ` (${translate('loket.enrolments.waived')})` : ''
                      }`
                    : translate('loket.enrolments.attendance_none')}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </CardContent>
  );
}

function Actions() {
  return (
    <TopToolbar>
      <WithdrawButton />
    </TopToolbar>
  );
}

/** A participant's whole picture in a cohort: what is missing, progress, meetings, and the certificate. */
export function EnrolmentShow() {
  return (
    // Its own cache entry (meta): react-admin seeds getOne with list summaries, which lack progress and completion.
    <Show actions={<Actions />} queryOptions={{ ...keepNotFound, meta: { detail: true } }} component={Card}>
      <NotFoundNote message="loket.enrolments.not_found" />
      <Detail />
    </Show>
  );
}
