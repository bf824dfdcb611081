import type { components } from '@loket/client';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import SaveIcon from '@mui/icons-material/Save';
import {
  Alert,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControlLabel,
  LinearProgress,
  Radio,
  RadioGroup,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import { Link, Title, useGetOne, useNotify, useParams, useTranslate } from 'react-admin';
import { useCan } from '../access';
import { loket, unwrap } from '../api';
import type { CohortRecord } from '../cohorts/choices';
import { useApiAction } from '../useApiAction';
import type { SessionRecord } from './choices';
import { meetingMoment } from './time';

type AttendanceView = components['schemas']['AttendanceView'];
type Mark = 'present' | 'absent' | 'excused';
const marks: Mark[] = ['present', 'absent', 'excused'];
interface Row {
  status: Mark | null;
  excuseWaived: boolean;
}

/** One screen to mark a whole meeting: every enrolled participant, saved in one PUT. */
export function AttendancePage() {
  const { id = '' } = useParams();
  const translate = useTranslate();
  const notify = useNotify();
  const canWrite = useCan('attendance:write');
  const {
    data: meeting,
    error: meetingError,
    isPending: meetingPending,
  } = useGetOne<SessionRecord>('sessions', { id }, { retry: false });
  const { data: cohort } = useGetOne<CohortRecord>(
    'cohorts',
    { id: meeting?.cohortId ?? '' },
    { enabled: Boolean(meeting) },
  );
  const [view, setView] = useState<AttendanceView | null>(null);
  const [rows, setRows] = useState<Record<string, Row>>({});
  const [dirty, setDirty] = useState(false);
  const { busy: saving, run } = useApiAction();

  useEffect(() => {
    if (!meeting) return;
    unwrap(loket.GET('/v1/sessions/{id}/attendance', { params: { path: { id: meeting.id } } }))
      .then((loaded) => {
        setView(loaded);
        setRows(
          Object.fromEntries(
            loaded.records.map((r) => [r.enrolmentId, { status: r.status, excuseWaived: r.excuseWaived }]),
          ),
        );
      })
      .catch((error: Error) => notify(error.message, { type: 'error' }));
  }, [meeting, notify]);

  const people = useMemo(
    () => [...(view?.records ?? [])].sort((a, b) => a.participantName.localeCompare(b.participantName, 'nl')),
    [view],
  );

  if (meetingPending) return <LinearProgress sx={{ mt: 2 }} />;
  if (meetingError || !meeting)
    return (
      <Alert severity="warning" role="alert" sx={{ mt: 2 }}>
        {translate('loket.sessions.not_found')}
      </Alert>
    );

  const blocked =
    meeting.status === 'cancelled'
      ? 'loket.sessions.is_cancelled'
      : cohort && !cohort.accepts.attendance
        ? 'loket.sessions.cohort_not_running'
        : new Date(meeting.startsAt) > new Date()
          ? 'loket.sessions.not_yet'
          : !canWrite
            ? 'loket.sessions.read_only'
            : null;
  const editable = blocked === null;
  const set = (enrolmentId: string, row: Row) => {
    setRows((previous) => ({ ...previous, [enrolmentId]: row }));
    setDirty(true);
  };
  const everyonePresent = () => {
    setRows(
      Object.fromEntries(people.map((p) => [p.enrolmentId, { status: 'present' as const, excuseWaived: false }])),
    );
    setDirty(true);
  };
  const recorded = Object.values(rows).filter((row) => row.status !== null).length;
  const save = () =>
    run(async () => {
      const records = Object.entries(rows)
        .filter((entry): entry is [string, { status: Mark; excuseWaived: boolean }] => entry[1].status !== null)
        .map(([enrolmentId, row]) => ({
          enrolmentId,
          status: row.status,
          ...(row.status === 'excused' ? { excuseWaived: row.excuseWaived } : {}),
        }));
      const saved = await unwrap(
        loket.PUT('/v1/sessions/{id}/attendance', { params: { path: { id: meeting.id } }, body: { records } }),
      );
      setView(saved);
      setDirty(false);
      notify('loket.sessions.saved', { type: 'success', messageArgs: { smart_count: records.length } });
    });
  const moment = new Intl.DateTimeFormat('nl-NL', meetingMoment).format(new Date(meeting.startsAt));

  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('loket.sessions.attendance_title', { title: meeting.title })} />
      <CardContent>
        <Typography variant="h5" component="h1">
          {translate('loket.sessions.attendance_title', { title: meeting.title })}
        </Typography>
        <Typography variant="body1" sx={{ mb: 1 }}>
          {moment}
          {cohort && (
            <>
              {' · '}
              <Link to={`/cohorts/${cohort.id}/show/meetings`}>{cohort.name}</Link>
            </>
          )}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2, maxWidth: 760 }}>
          {translate('loket.sessions.attendance_intro')}
        </Typography>
        {blocked && (
          <Alert severity="info" sx={{ mb: 2 }}>
            {translate(blocked)}
          </Alert>
        )}
        <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
          <Button
            variant="outlined"
            startIcon={<DoneAllIcon />}
            onClick={everyonePresent}
            disabled={!editable || saving}
          >
            {translate('loket.sessions.all_present')}
          </Button>
          <Button variant="contained" startIcon={<SaveIcon />} onClick={save} disabled={!editable || saving || !dirty}>
            {translate('loket.sessions.save_attendance')}
          </Button>
          <Typography variant="body2" aria-live="polite">
            {translate('loket.sessions.recorded', { recorded, total: people.length })}
            {dirty ? ` · ${translate('loket.sessions.unsaved')}` : ''}
          </Typography>
        </Stack>
        {!view ? (
          <LinearProgress />
        ) : (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('loket.sessions.person')}</TableCell>
                <TableCell>{translate('resources.sessions.fields.status')}</TableCell>
                <TableCell>
                  <Tooltip title={translate('loket.sessions.waive_help')}>
                    <span>{translate('loket.sessions.waive')}</span>
                  </Tooltip>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {people.map((person) => {
                const row = rows[person.enrolmentId] ?? { status: null, excuseWaived: false };
                const labelId = `attendance-${person.enrolmentId}`;
                return (
                  <TableRow key={person.enrolmentId} hover>
                    <TableCell id={labelId}>
                      {person.participantName}
                      {row.status === null && (
                        <Typography variant="caption" color="text.secondary" component="div">
                          {translate('loket.sessions.not_recorded')}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>
                      <RadioGroup
                        row
                        aria-labelledby={labelId}
                        value={row.status ?? ''}
                        onChange={(event) =>
                          set(person.enrolmentId, { status: event.target.value as Mark, excuseWaived: false })
                        }
                      >
                        {marks.map((mark) => (
                          <FormControlLabel
                            key={mark}
                            value={mark}
                            disabled={!editable}
                            control={<Radio size="small" />}
                            label={translate(`loket.sessions.attendance_status.${mark}`)}
                          />
                        ))}
                      </RadioGroup>
                    </TableCell>
                    <TableCell>
                      {row.status === 'excused' && (
                        <Checkbox
                          checked={row.excuseWaived}
                          disabled={!editable}
                          onChange={(event) => set(person.enrolmentId, { ...row, excuseWaived: event.target.checked })}
                          slotProps={{
                            input: {
                              'aria-label': `${translate('loket.sessions.waive')}: ${person.participantName}`,
                            },
                          }}
                        />
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
