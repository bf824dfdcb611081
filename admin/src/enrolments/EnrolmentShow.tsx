import type { components } from '@loket/client';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import {
  Alert,
  Box,
  Card,
  CardContent,
  Chip,
  List,
  ListItem,
  ListItemText,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import { Link, Show, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { useCan } from '../access';
import { keepNotFound, NotFoundNote } from '../cohorts/NotFound';
import { TableHeadRow } from '../layout/TableHeadRow';
import { meetingMoment } from '../sessions/time';
import { ByHandButton } from './ByHandButton';
import { CertificatePanel } from './CertificatePanel';
import { ResetButton } from './ResetButton';
import { WithdrawButton } from './WithdrawButton';

type EnrolmentDetail = components['schemas']['EnrolmentDetail'];

const personName = (p: EnrolmentDetail['participant']) =>
  [p.givenName, p.nameInfix, p.familyName].filter(Boolean).join(' ');
const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString('nl-NL', { dateStyle: 'medium' }) : '—');

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
        <TableHeadRow
          labels={[
            'resources.cohorts.fields.modules',
            'loket.enrolments.status_label',
            'loket.enrolments.started',
            'loket.enrolments.completed',
            'loket.enrolments.score',
          ]}
        >
          {withActions && <TableCell />}
        </TableHeadRow>
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
        <TableHeadRow
          labels={[
            'resources.sessions.fields.title',
            'resources.sessions.fields.startsAt',
            'loket.sessions.attendance',
          ]}
        />
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
