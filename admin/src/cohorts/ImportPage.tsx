import type { components } from '@loket/client';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  LinearProgress,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { type ChangeEvent, useState } from 'react';
import { Link, Title, useGetList, useLocation, useTranslate } from 'react-admin';
import { loket, unwrap } from '../api';
import { TableHeadRow } from '../layout/TableHeadRow';
import type { CohortRecord } from './choices';
import { fileProblemPhrase, type Phrase, rowActionKey, rowProblemPhrase } from './importMessages';

type ImportReport = components['schemas']['ImportReport'];
type Stage = 'idle' | 'checking' | 'checked' | 'committing' | 'committed';

async function sendCsv(cohortId: string, text: string, dryRun: boolean): Promise<ImportReport> {
  return unwrap(
    loket.POST('/v1/cohorts/{id}/enrolments/import', {
      params: { path: { id: cohortId }, query: { dryRun } },
      body: text,
      // The file goes as it is, not as a JSON string.
      bodySerializer: (body: string) => body,
      headers: { 'content-type': 'text/csv' },
    }),
  );
}

function ReportTable({ report }: { report: ImportReport }) {
  const translate = useTranslate();
  const say = (phrase: Phrase | string) => (typeof phrase === 'string' ? phrase : translate(phrase.key, phrase.values));
  return (
    <Table size="small" aria-label={translate('loket.import.title')}>
      <TableHeadRow
        labels={[
          'loket.import.columns.line',
          'loket.import.columns.email',
          'loket.import.columns.action',
          'loket.import.columns.place',
          'loket.import.columns.problems',
        ]}
      />
      <TableBody>
        {report.rows.map((row) => (
          <TableRow key={row.line}>
            <TableCell>{row.line}</TableCell>
            <TableCell>{row.email ?? ''}</TableCell>
            <TableCell>
              <Chip
                size="small"
                variant="outlined"
                color={row.problems.length > 0 ? 'error' : row.action === 'already_enrolled' ? 'default' : 'success'}
                label={translate(rowActionKey(row.problems.length > 0 ? null : row.action))}
              />
            </TableCell>
            <TableCell>{row.organisation?.name ?? ''}</TableCell>
            <TableCell>
              {row.problems.map((problem) => (
                <Typography key={`${problem.column}:${problem.message}`} variant="body2" color="error.dark">
                  <strong>{problem.column}</strong> {say(rowProblemPhrase(problem.message))}
                  {problem.choices &&
                    ` ${translate('loket.import.choose_branch', { choices: problem.choices.map((c) => `“${c}”`).join(', ') })}`}
                </Typography>
              ))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Participants from a CSV file into a cohort: first a check of every line, then the import itself. */
export function ImportPage() {
  const translate = useTranslate();
  const location = useLocation();
  const [cohortId, setCohortId] = useState(() => new URLSearchParams(location.search).get('cohortId') ?? '');
  const [file, setFile] = useState<{ name: string; size: number; text: string } | null>(null);
  const [stage, setStage] = useState<Stage>('idle');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { data: cohorts = [] } = useGetList<CohortRecord>('cohorts', {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'startsOn', order: 'DESC' },
  });
  const open = cohorts.filter((cohort) => cohort.accepts.enrolments);

  const run = async (dryRun: boolean) => {
    if (!file || !cohortId) return;
    setStage(dryRun ? 'checking' : 'committing');
    setProblem(null);
    try {
      const result = await sendCsv(cohortId, file.text, dryRun);
      setReport(result);
      setStage(dryRun ? 'checked' : 'committed');
    } catch (error) {
      const phrase = fileProblemPhrase((error as Error).message);
      setProblem(
        translate('loket.import.file_problem', {
          message: typeof phrase === 'string' ? phrase : translate(phrase.key, phrase.values),
        }),
      );
      setStage('idle');
    }
  };

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen) return;
    setFile({ name: chosen.name, size: chosen.size, text: await chosen.text() });
    setReport(null);
    setProblem(null);
    setStage('idle');
  };

  const busy = stage === 'checking' || stage === 'committing';
  const canCommit = stage === 'checked' && report !== null && report.summary.invalid === 0;
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('loket.import.title')} />
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          {translate('loket.import.title')}
        </Typography>
        <Typography variant="body2" sx={{ mb: 2, maxWidth: 760 }}>
          {translate('loket.import.intro')}
        </Typography>
        <Stack direction="row" spacing={2} useFlexGap sx={{ mb: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          <TextField
            select
            label={translate('loket.import.cohort')}
            value={open.some((cohort) => cohort.id === cohortId) ? cohortId : ''}
            onChange={(event) => {
              setCohortId(event.target.value);
              setReport(null);
              setStage('idle');
            }}
            helperText={translate('loket.import.cohort_helper')}
            sx={{ minWidth: { sm: 360 } }}
            disabled={busy}
          >
            {open.map((cohort) => (
              <MenuItem key={cohort.id} value={cohort.id}>
                {cohort.name}
              </MenuItem>
            ))}
          </TextField>
          <Button component="label" variant="outlined" startIcon={<UploadFileIcon />} disabled={busy}>
            {translate('loket.import.choose_file')}
            <input type="file" accept=".csv,text/csv" hidden onChange={choose} />
          </Button>
          {file && (
            <Typography variant="body2">
              {translate('loket.import.file_chosen', {
                name: file.name,
                size: Math.max(1, Math.round(file.size / 1024)),
              })}
            </Typography>
          )}
        </Stack>
        <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
          <Button variant="contained" disabled={!file || !cohortId || busy} onClick={() => run(true)}>
            {translate('loket.import.check')}
          </Button>
          <Button variant="contained" color="success" disabled={!canCommit} onClick={() => run(false)}>
            {translate('loket.import.commit')}
          </Button>
        </Stack>
        {busy && (
          <Box sx={{ mb: 2 }} role="status">
            <Typography variant="body2" gutterBottom>
              {stage === 'checking'
                ? translate('loket.import.checking')
                : translate('loket.import.committing', { smart_count: report?.summary.rows ?? 0 })}
            </Typography>
            <LinearProgress aria-label={translate('loket.import.title')} />
            <Typography variant="caption" color="text.secondary">
              {translate('loket.import.progress_note')}
            </Typography>
          </Box>
        )}
        {problem && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {problem}
          </Alert>
        )}
        {report && !busy && (
          <Box>
            <Alert
              severity={report.committed ? 'success' : report.summary.invalid > 0 ? 'warning' : 'info'}
              sx={{ mb: 2 }}
              role="status"
            >
              <Typography variant="body2">{translate('loket.import.summary', report.summary)}</Typography>
              <Typography variant="body2">
                {report.committed
                  ? translate('loket.import.committed')
                  : report.summary.invalid > 0
                    ? translate('loket.import.dry_run_problems')
                    : translate('loket.import.dry_run_ok')}
              </Typography>
              {report.committed && (
                <Button component={Link} to={`/cohorts/${cohortId}/show/enrolments`} size="small" sx={{ mt: 1 }}>
                  {translate('loket.import.to_cohort')}
                </Button>
              )}
            </Alert>
            <ReportTable report={report} />
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
