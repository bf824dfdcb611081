import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  LinearProgress,
  List,
  ListItem,
  Link as MuiLink,
  Stack,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { Link, useNotify, useTranslate } from 'react-admin';
import { launchModule, type MyEnrolment, useMine } from './data';
import { useFormats } from './format';
import { Page } from './Page';

type Attendance = MyEnrolment['enrolment']['attendance'][number];
type Module = MyEnrolment['enrolment']['progress'][number];

/** Where a meeting stands for this participant. */
function meetingState(meeting: Attendance, now: number) {
  if (meeting.cancelled) return 'cancelled';
  if (meeting.status === 'excused' && meeting.excuseWaived) return 'excused_waived';
  if (meeting.status) return meeting.status;
  return new Date(meeting.startsAt).getTime() > now ? 'upcoming' : 'not_recorded';
}

const counts = (meeting: Attendance) =>
  !meeting.cancelled && (meeting.status === 'present' || (meeting.status === 'excused' && meeting.excuseWaived));

function Figure({ label, done, total }: { label: string; done: number; total: number }) {
  return (
    <Box sx={{ flex: '1 1 220px', minWidth: 0 }}>
      <Typography variant="body2" sx={{ mb: 0.5 }}>
        {label}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={total === 0 ? 0 : (done / total) * 100}
        aria-label={label}
        sx={{ height: 8, borderRadius: 1 }}
      />
    </Box>
  );
}

/**
 * Starts the module's e-learning as cmi5 does: Loket launches a session and answers the launch URL.
 * The window opens on the click itself (a browser blocks one opened later) and goes to the URL once
 * it is known; a completed module opens in Review.
 */
function useLaunch(enrolmentId: string, module: Module) {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    const opened = window.open('', '_blank');
    if (opened) opened.opener = null;
    setBusy(true);
    try {
      const url = await launchModule(enrolmentId, module.code, module.status === 'completed' ? 'Review' : 'Normal');
      if (opened) opened.location.href = url;
      else window.location.href = url;
    } catch {
      opened?.close();
      notify('loket.me.track.launch_failed', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return { start, busy };
}

function ModuleItem({ enrolmentId, module }: { enrolmentId: string; module: Module }) {
  const translate = useTranslate();
  const launch = useLaunch(enrolmentId, module);
  const f = useFormats();
  const t = (key: string, options?: object) => translate(`loket.me.track.${key}`, options);
  const when =
    module.status === 'completed' && module.completedAt
      ? t('completed_on', { date: f.day(module.completedAt) })
      : module.status === 'in_progress' && module.startedAt
        ? t('started_on', { date: f.day(module.startedAt) })
        : null;
  const action = t(`start.${module.status}`);
  return (
    <ListItem divider disableGutters sx={{ flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
      <Box sx={{ flex: '1 1 220px', minWidth: 0 }}>
        <Typography variant="body2" color="text.secondary">
          {t('module', { position: module.position })}
        </Typography>
        <Typography component="h4" sx={{ fontWeight: 600 }}>
          {module.title}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {[t('minutes', { minutes: module.estimatedMinutes }), when].filter(Boolean).join(' · ')}
        </Typography>
      </Box>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
        <Chip
          size="small"
          color={module.status === 'completed' ? 'success' : module.status === 'in_progress' ? 'primary' : 'default'}
          variant={module.status === 'completed' ? 'filled' : 'outlined'}
          label={t(`module_status.${module.status}`)}
        />
        {module.launchUrl && (
          <Button
            size="small"
            variant={module.status === 'completed' ? 'outlined' : 'contained'}
            onClick={launch.start}
            disabled={launch.busy}
            endIcon={<OpenInNewIcon />}
            aria-label={t('start_label', { action, title: module.title })}
          >
            {action}
          </Button>
        )}
      </Stack>
    </ListItem>
  );
}

function MeetingItem({ meeting, now }: { meeting: Attendance; now: number }) {
  const translate = useTranslate();
  const f = useFormats();
  const state = meetingState(meeting, now);
  return (
    <ListItem divider disableGutters sx={{ flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
      <Box sx={{ flex: '1 1 220px', minWidth: 0 }}>
        <Typography component="h4" sx={{ fontWeight: 600 }}>
          {meeting.title}
        </Typography>
        <Typography variant="body2">{f.meeting(meeting.startsAt, meeting.endsAt)}</Typography>
        {meeting.onlineUrl ? (
          <MuiLink href={meeting.onlineUrl} target="_blank" rel="noopener" variant="body2">
            {translate('loket.me.track.online')}
          </MuiLink>
        ) : (
          meeting.location && (
            <Typography variant="body2" color="text.secondary">
              {meeting.location}
            </Typography>
          )
        )}
      </Box>
      <Chip
        size="small"
        variant={state === 'present' || state === 'excused_waived' ? 'filled' : 'outlined'}
        color={state === 'present' || state === 'excused_waived' ? 'success' : 'default'}
        label={translate(`loket.me.track.meeting_status.${state}`)}
      />
    </ListItem>
  );
}

/** What the certificate still needs, or that it is done. */
function Standing({ mine, now }: { mine: MyEnrolment; now: number }) {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`loket.me.track.${key}`, options);
  const { enrolment, certificate } = mine;
  if (enrolment.status === 'withdrawn') return <Alert severity="info">{t('withdrawn')}</Alert>;
  if (certificate?.status === 'valid' || enrolment.completion.eligible) {
    return (
      <Alert severity="success" icon={<CheckCircleIcon />}>
        {t(certificate?.status === 'valid' ? 'certificate_ready' : 'eligible')}{' '}
        {certificate?.status === 'valid' ? (
          <Link to="/my/certificate">{t('to_certificate')}</Link>
        ) : (
          t('certificate_pending')
        )}
      </Alert>
    );
  }
  const startsOf = new Map(enrolment.attendance.map((a) => [a.sessionId, new Date(a.startsAt).getTime()]));
  return (
    <Alert severity="info" icon={false}>
      <Typography component="h3" sx={{ fontWeight: 600 }}>
        {t('missing_title')}
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
        {enrolment.completion.missing.map((item) => {
          const reason =
            item.reason === 'not_recorded' && (startsOf.get(item.id) ?? 0) > now ? 'upcoming' : item.reason;
          return (
            <li key={`${item.kind}:${item.id}`}>
              {t(`missing_kind.${item.kind}`)} <strong>{item.title}</strong>: {t(`missing_reason.${reason}`)}
            </li>
          );
        })}
      </Box>
    </Alert>
  );
}

function Track({ mine }: { mine: MyEnrolment }) {
  const translate = useTranslate();
  const f = useFormats();
  const t = (key: string, options?: object) => translate(`loket.me.track.${key}`, options);
  const { enrolment, cohort } = mine;
  const now = Date.now();
  const meetings = enrolment.attendance.filter((a) => !a.cancelled);
  const headingId = `track-${enrolment.id}`;
  return (
    <Card component="section" aria-labelledby={headingId}>
      <CardContent>
        <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 0.5 }}>
          <Typography variant="h6" component="h2" id={headingId} sx={{ overflowWrap: 'anywhere' }}>
            {enrolment.cohortName}
          </Typography>
          <Chip size="small" label={t(`status.${enrolment.status}`)} />
        </Stack>
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {t('period', { from: f.date(cohort.startsOn), to: f.date(cohort.endsOn) })}
        </Typography>
        <Stack direction="row" useFlexGap spacing={3} sx={{ flexWrap: 'wrap', mb: 2 }}>
          <Figure
            label={t('modules_done', {
              done: enrolment.progress.filter((p) => p.status === 'completed').length,
              total: enrolment.progress.length,
            })}
            done={enrolment.progress.filter((p) => p.status === 'completed').length}
            total={enrolment.progress.length}
          />
          <Figure
            label={t('meetings_done', { done: meetings.filter(counts).length, total: meetings.length })}
            done={meetings.filter(counts).length}
            total={meetings.length}
          />
        </Stack>
        <Standing mine={mine} now={now} />

        <Typography variant="h6" component="h3" sx={{ mt: 3 }}>
          {t('modules')}
        </Typography>
        {enrolment.progress.some((m) => !m.launchUrl) && (
          <Typography variant="body2" color="text.secondary">
            {t('not_online')}
          </Typography>
        )}
        <List disablePadding>
          {enrolment.progress.map((module) => (
            <ModuleItem key={module.moduleId} enrolmentId={enrolment.id} module={module} />
          ))}
        </List>

        <Typography variant="h6" component="h3" sx={{ mt: 3 }}>
          {t('meetings')}
        </Typography>
        <List disablePadding>
          {enrolment.attendance.map((meeting) => (
            <MeetingItem key={meeting.sessionId} meeting={meeting} now={now} />
          ))}
        </List>
      </CardContent>
    </Card>
  );
}

/** "Mijn leertraject": a participant's modules, meetings and what their certificate still needs. */
export function MyTrack() {
  const translate = useTranslate();
  const loaded = useMine();
  return (
    <Page title={translate('loket.me.track.title')} loaded={loaded}>
      {({ name, enrolments }) => (
        <Stack spacing={3}>
          <Box>
            <Typography variant="h6" component="p">
              {translate('loket.me.track.hello', { name: name.split(' ')[0] })}
            </Typography>
            <Typography color="text.secondary">{translate('loket.me.track.intro')}</Typography>
          </Box>
          {enrolments.length === 0 ? (
            <Alert severity="info">{translate('loket.me.not_enrolled')}</Alert>
          ) : (
            enrolments.map((mine) => <Track key={mine.enrolment.id} mine={mine} />)
          )}
        </Stack>
      )}
    </Page>
  );
}
