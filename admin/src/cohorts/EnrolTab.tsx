import type { components } from '@loket/client';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useMemo, useState } from 'react';
import { Link, useGetList, useGetOne, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { useCan } from '../access';
import { loket, unwrap } from '../api';
import { useApiAction } from '../useApiAction';
import type { CohortRecord } from './choices';

type Enrolment = components['schemas']['Enrolment'];
type Organisation = components['schemas']['Organisation'];
type Participant = components['schemas']['Participant'];

const fullName = (p: Participant) => [p.givenName, p.nameInfix, p.familyName].filter(Boolean).join(' ');

/** Staff of the cohort's library (and branches) not yet enrolled, to enrol several at once. */
export function EnrolTab() {
  const cohort = useRecordContext<CohortRecord>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const canEnrol = useCan('enrolments:write');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [search, setSearch] = useState('');
  const { busy, run } = useApiAction();
  const { data: library } = useGetOne<Organisation>(
    'organisations',
    { id: cohort?.organisationId ?? '' },
    { enabled: Boolean(cohort) },
  );
  const { data: staff = [], refetch: refetchStaff } = useGetList<Participant>(
    'participants',
    {
      filter: { organisationId: cohort?.organisationId },
      sort: { field: 'familyName', order: 'ASC' },
      pagination: { page: 1, perPage: 1000 },
    },
    { enabled: Boolean(cohort) },
  );
  const { data: enrolled = [], refetch: refetchEnrolled } = useGetList<Enrolment>(
    'enrolments',
    { filter: { cohortId: cohort?.id }, pagination: { page: 1, perPage: 1000 } },
    { enabled: Boolean(cohort) },
  );
  const candidates = useMemo(() => {
    const taken = new Set(enrolled.map((e) => e.participantId));
    const needle = search.trim().toLowerCase();
    return staff
      .filter((p) => !taken.has(p.id))
      .filter((p) => !needle || `${fullName(p)} ${p.email}`.toLowerCase().includes(needle));
  }, [staff, enrolled, search]);

  if (!cohort) return null;
  if (!cohort.accepts.enrolments) return <Alert severity="info">{translate('loket.cohorts.enrol.closed')}</Alert>;

  const toggle = (id: string) =>
    setChosen((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allChosen = candidates.length > 0 && candidates.every((p) => chosen.has(p.id));
  const enrol = () =>
    run(async () => {
      const result = await unwrap(
        loket.POST('/v1/cohorts/{id}/enrolments', {
          params: { path: { id: cohort.id } },
          body: { participantIds: [...chosen] },
        }),
      );
      notify('loket.cohorts.enrol.done', { type: 'success', messageArgs: { smart_count: result.data.length } });
      setChosen(new Set());
      await Promise.all([refetchEnrolled(), refetchStaff()]);
      refresh();
    });

  return (
    <Box>
      <Typography variant="h6" component="h2" gutterBottom>
        {translate('loket.cohorts.tabs.enrol')}
      </Typography>
      <Typography variant="body2" sx={{ mb: 2, maxWidth: 720 }}>
        {translate('loket.cohorts.enrol.intro', { library: library?.name ?? '' })}
      </Typography>
      <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
        <TextField
          size="small"
          label={translate('loket.cohorts.enrol.search')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        {canEnrol && (
          <Button variant="contained" disabled={chosen.size === 0 || busy} onClick={enrol}>
            {translate('loket.cohorts.enrol.submit')} ({chosen.size})
          </Button>
        )}
        {canEnrol && (
          <Button
            component={Link}
            to={`/import?cohortId=${encodeURIComponent(cohort.id)}`}
            startIcon={<UploadFileIcon />}
          >
            {translate('loket.cohorts.enrol.import')}
          </Button>
        )}
        <Typography variant="body2" aria-live="polite">
          {translate('loket.cohorts.enrol.selected', { smart_count: chosen.size })}
        </Typography>
      </Stack>
      {candidates.length === 0 ? (
        <Typography>{translate('loket.cohorts.enrol.none_left')}</Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox">
                <Checkbox
                  checked={allChosen}
                  disabled={!canEnrol}
                  onChange={() => setChosen(allChosen ? new Set() : new Set(candidates.map((p) => p.id)))}
                  slotProps={{ input: { 'aria-label': translate('ra.action.select_all') } }}
                />
              </TableCell>
              <TableCell>{translate('loket.enrolments.participant')}</TableCell>
              <TableCell>{translate('loket.enrolments.email')}</TableCell>
              <TableCell>{translate('resources.participants.fields.jobTitle')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {candidates.map((p) => (
              <TableRow key={p.id} hover selected={chosen.has(p.id)}>
                <TableCell padding="checkbox">
                  <Checkbox
                    checked={chosen.has(p.id)}
                    disabled={!canEnrol}
                    onChange={() => toggle(p.id)}
                    slotProps={{ input: { 'aria-label': fullName(p) } }}
                  />
                </TableCell>
                <TableCell>{fullName(p)}</TableCell>
                <TableCell>{p.email}</TableCell>
                <TableCell>{p.jobTitle ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
