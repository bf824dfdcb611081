import { evaluationSubjectTypeValues } from '@loket/client';
import { Alert, Box, Card, CardContent, Grid, Stack, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { Loading, useTranslate } from 'react-admin';
import { loket, unwrap } from '../api';
import { ChartFigure } from './ChartFigure';
import { json, pilotLibraries } from './figures';
import { useLoad } from './useReport';

const decimal = (value: number, digits = 1) =>
  value.toLocaleString('nl-NL', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function loadPilot() {
  const pilot = { phase: 'pilot' as const };
  const [rollout, byLibrary, attendance, evaluations] = await Promise.all([
    unwrap(loket.GET('/v1/reports/rollout', { params: { query: pilot } })),
    unwrap(loket.GET('/v1/reports/progress', { params: { query: { ...pilot, groupBy: 'library' } } })),
    unwrap(loket.GET('/v1/reports/attendance', { params: { query: pilot } })),
    unwrap(loket.GET('/v1/reports/evaluations', { params: { query: { ...pilot, groupBy: 'library' } } })),
  ]);
  const libraries = pilotLibraries(
    json(rollout).rows,
    json(byLibrary).rows,
    json(attendance).rows,
    json(evaluations).rows,
  );
  // Progress per module, per library: the report groups by one thing at a time, so one call per library.
  const perModule = await Promise.all(
    libraries.map(async (library) => ({
      library,
      rows: json(
        await unwrap(
          loket.GET('/v1/reports/progress', {
            params: { query: { ...pilot, groupBy: 'module', libraryId: library.id } },
          }),
        ),
      ).rows,
    })),
  );
  return { libraries, perModule };
}

/** The pilot libraries side by side, for the pilot evaluation before the national rollout. */
export function PilotComparison() {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`loket.overview.pilot.${key}`, options);
  const report = useLoad('pilot', loadPilot);
  if (report.error)
    return <Alert severity="error">{translate('loket.overview.error', { message: report.error.message })}</Alert>;
  if (!report.data) return <Loading loadingPrimary="loket.overview.loading" loadingSecondary="" />;
  const { libraries, perModule } = report.data;
  if (libraries.length === 0) return <Alert severity="info">{t('none')}</Alert>;

  const none = t('no_value');
  const percent = (value: number | null) => (value === null ? none : `${decimal(value)}%`);
  const rating = (value: number | null | undefined) => (value == null ? none : `${decimal(value)} / 5`);
  const rows: Array<{ label: string; values: string[] }> = [
    { label: t('enrolled'), values: libraries.map((l) => String(l.enrolled)) },
    { label: t('progress'), values: libraries.map((l) => percent(l.modulesPercentage)) },
    { label: t('attendance'), values: libraries.map((l) => percent(l.attendanceRate)) },
    { label: t('certificates'), values: libraries.map((l) => String(l.certificates)) },
    ...evaluationSubjectTypeValues.map((subject) => ({
      label: t('evaluation', { subject: translate(`loket.overview.subjects.${subject}`) }),
      values: libraries.map((l) => rating(l.evaluation[subject])),
    })),
  ];
  const modules = perModule[0]?.rows.map((r) => r.label) ?? [];
  const subjectLabel = (subject: string) => translate(`loket.overview.subjects.${subject}`);

  return (
    <Stack spacing={3}>
      <Card>
        <CardContent>
          <Typography component="h2" variant="h6">
            {t('title')}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {t('intro')}
          </Typography>
          <Box
            component="table"
            sx={{
              width: '100%',
              borderCollapse: 'collapse',
              '& th, & td': { p: 1.25, textAlign: 'right', borderBottom: 1, borderColor: 'divider' },
              '& th:first-of-type': { textAlign: 'left' },
              '& td': { fontSize: '1.05rem', fontVariantNumeric: 'tabular-nums' },
            }}
          >
            <thead>
              <tr>
                <th scope="col">{t('metric')}</th>
                {libraries.map((l) => (
                  <th scope="col" key={l.id}>
                    {l.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  {row.values.map((value, i) => (
                    <td key={libraries[i]?.id}>{value}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </Box>
        </CardContent>
      </Card>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 7 }}>
          <ChartFigure
            title={t('per_module')}
            description={t('per_module_desc')}
            table={{
              columns: ['Module', ...libraries.map((l) => l.name)],
              rows: modules.map((module) => [
                module,
                ...perModule.map((p) => percent(p.rows.find((r) => r.label === module)?.completedPercentage ?? null)),
              ]),
            }}
          >
            <BarChart
              height={380}
              layout="horizontal"
              yAxis={[{ scaleType: 'band', data: modules, width: 200 }]}
              xAxis={[{ min: 0, max: 100, valueFormatter: (v: number) => `${v}%` }]}
              series={perModule.map((p) => ({
                label: p.library.name,
                data: modules.map((module) => p.rows.find((r) => r.label === module)?.completedPercentage ?? 0),
                valueFormatter: (v: number | null) => (v === null ? '' : `${decimal(v)}%`),
              }))}
            />
          </ChartFigure>
        </Grid>
        <Grid size={{ xs: 12, lg: 5 }}>
          <ChartFigure
            title={t('evaluations')}
            description={t('evaluations_desc')}
            table={{
              columns: ['', ...libraries.map((l) => l.name)],
              rows: evaluationSubjectTypeValues.map((s) => [
                subjectLabel(s),
                ...libraries.map((l) => rating(l.evaluation[s])),
              ]),
            }}
          >
            <BarChart
              height={380}
              xAxis={[{ scaleType: 'band', data: evaluationSubjectTypeValues.map(subjectLabel) }]}
              yAxis={[{ min: 0, max: 5 }]}
              series={libraries.map((l) => ({
                label: l.name,
                data: evaluationSubjectTypeValues.map((s) => l.evaluation[s] ?? null),
              }))}
            />
          </ChartFigure>
        </Grid>
      </Grid>
    </Stack>
  );
}
