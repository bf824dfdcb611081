import { evaluationSubjectTypeValues } from '@loket/client';
import {
  Alert,
  Box,
  Card,
  CardContent,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { useState } from 'react';
import { Loading, useTranslate } from 'react-admin';
import { loket, unwrap } from '../api';
import { ChartFigure } from '../dashboard/ChartFigure';
import { json } from '../dashboard/figures';
import { useLoad } from '../dashboard/useReport';

type Grouping = 'cohort' | 'library';
type Phase = 'pilot' | 'rollout' | undefined;

const decimal = (value: number) =>
  value.toLocaleString('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 2 });

/** Averages per cohort or library, per kind of subject and per question, from GET /v1/reports/evaluations. */
export function EvaluationSummary() {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`loket.evaluations.${key}`, options);
  const [groupBy, setGroupBy] = useState<Grouping>('library');
  const [phase, setPhase] = useState<Phase>(undefined);
  const report = useLoad(`evaluations:${groupBy}:${phase ?? 'all'}`, () =>
    unwrap(loket.GET('/v1/reports/evaluations', { params: { query: { groupBy, ...(phase ? { phase } : {}) } } })).then(
      json,
    ),
  );
  const rows = report.data?.rows ?? [];
  const groups = [...new Map(rows.map((r) => [r.group.key, r.group.label])).entries()];
  const averageOf = (key: string, subject: string) =>
    rows.find((r) => r.group.key === key && r.subjectType === subject)?.averageRating ?? null;

  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Typography component="h1" variant="h5" gutterBottom>
          {t('title')}
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 2, maxWidth: '80ch' }}>
          {t('intro')}
        </Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2, alignItems: { sm: 'center' } }}>
          <Typography id="evaluation-group-by" sx={{ whiteSpace: 'nowrap' }}>
            {t('group_by')}
          </Typography>
          <ToggleButtonGroup
            exclusive
            size="small"
            value={groupBy}
            onChange={(_, next: Grouping | null) => next && setGroupBy(next)}
            aria-labelledby="evaluation-group-by"
          >
            <ToggleButton value="library">{t('groups.library')}</ToggleButton>
            <ToggleButton value="cohort">{t('groups.cohort')}</ToggleButton>
          </ToggleButtonGroup>
          <TextField
            select
            size="small"
            label={t('phase')}
            value={phase ?? 'all'}
            onChange={(event) => setPhase(event.target.value === 'all' ? undefined : (event.target.value as Phase))}
            sx={{ width: 220, flexShrink: 0 }}
          >
            {(['all', 'pilot', 'rollout'] as const).map((option) => (
              <MenuItem key={option} value={option}>
                {t(`phases.${option}`)}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
        {report.error && <Alert severity="error">{report.error.message}</Alert>}
        {report.loading && !report.data ? (
          <Loading loadingPrimary="loket.overview.loading" loadingSecondary="" />
        ) : rows.length === 0 ? (
          <Alert severity="info">{t('none')}</Alert>
        ) : (
          <Stack spacing={3}>
            <ChartFigure
              title={t('chart', { group: t(`groups.${groupBy}`) })}
              description={t('chart_desc')}
              table={{
                columns: [t('group'), ...evaluationSubjectTypeValues.map((s) => t(`subjects.${s}`))],
                rows: groups.map(([key, label]) => [
                  label,
                  ...evaluationSubjectTypeValues.map((s) => {
                    const value = averageOf(key, s);
                    return value === null ? '–' : decimal(value);
                  }),
                ]),
              }}
            >
              <BarChart
                height={320}
                xAxis={[{ scaleType: 'band', data: groups.map(([, label]) => label) }]}
                yAxis={[{ min: 0, max: 5 }]}
                series={evaluationSubjectTypeValues.map((s) => ({
                  label: t(`subjects.${s}`),
                  data: groups.map(([key]) => averageOf(key, s)),
                }))}
              />
            </ChartFigure>
            <Box sx={{ overflowX: 'auto' }}>
              <Table size="small" aria-label={t('summary')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('group')}</TableCell>
                    <TableCell>{t('target')}</TableCell>
                    <TableCell align="right">{t('responses')}</TableCell>
                    <TableCell align="right">{t('average')}</TableCell>
                    <TableCell>{t('distribution')}</TableCell>
                    <TableCell>{t('questions')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((row) => (
                    <TableRow key={`${row.group.key}:${row.subjectType}`}>
                      <TableCell component="th" scope="row">
                        {row.group.label}
                      </TableCell>
                      <TableCell>{t(`subjects.${row.subjectType}`)}</TableCell>
                      <TableCell align="right">{row.responses}</TableCell>
                      <TableCell align="right" sx={{ fontWeight: 600 }}>
                        {t('rating_of', { rating: decimal(row.averageRating) })}
                      </TableCell>
                      <TableCell sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                        {([1, 2, 3, 4, 5] as const).map((n) => `${n}: ${row.distribution[n]}`).join(' · ')}
                      </TableCell>
                      <TableCell>
                        {row.questions.length === 0 ? (
                          '–'
                        ) : (
                          <Box component="ul" sx={{ m: 0, pl: 2 }}>
                            {row.questions.map((q) => (
                              <li key={q.code}>
                                {q.text} <strong>{decimal(q.averageRating)}</strong> ({q.responses})
                              </li>
                            ))}
                          </Box>
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
