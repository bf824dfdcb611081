import { Alert, Box, Card, CardContent, Grid, Stack, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { Loading, useTranslate } from 'react-admin';
import { loket, unwrap } from '../api';
import { ChartFigure } from './ChartFigure';
import { attendanceByType, headline, json, perPoi } from './figures';
import { useLoad } from './useReport';

export type Phase = 'pilot' | 'rollout' | undefined;

const number = new Intl.NumberFormat('nl-NL');
const chartHeight = 300;

function loadOverview(phase: Phase) {
  const query = phase ? { phase } : {};
  return Promise.all([
    unwrap(loket.GET('/v1/reports/rollout', { params: { query } })),
    unwrap(loket.GET('/v1/reports/progress', { params: { query: { ...query, groupBy: 'module' } } })),
    unwrap(loket.GET('/v1/reports/progress', { params: { query: { ...query, groupBy: 'poi' } } })),
    unwrap(loket.GET('/v1/reports/attendance', { params: { query } })),
    unwrap(loket.GET('/v1/reports/certificates', { params: { query } })),
  ]).then(([rollout, byModule, byPoi, attendance, certificates]) => ({
    rollout: json(rollout).rows,
    byModule: json(byModule).rows,
    byPoi: json(byPoi).rows,
    attendance: json(attendance).rows,
    certificates: json(certificates).rows,
  }));
}

function Figure({ label, value, hint }: { label: string; value: number; hint: string }) {
  return (
    <Card sx={{ height: '100%' }}>
      <CardContent>
        <Typography component="h2" variant="subtitle1" color="text.secondary">
          {label}
        </Typography>
        <Typography component="p" variant="h4" sx={{ fontWeight: 600 }}>
          {number.format(value)}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {hint}
        </Typography>
      </CardContent>
    </Card>
  );
}

/** Month "2026-11" as "nov 2026". */
const monthLabel = (month: string) =>
  new Date(`${month}-01T12:00:00Z`).toLocaleDateString('nl-NL', { month: 'short', year: 'numeric' });

export function Overview({ phase }: { phase: Phase }) {
  const translate = useTranslate();
  const report = useLoad(`overview:${phase ?? 'all'}`, () => loadOverview(phase));
  if (report.error)
    return <Alert severity="error">{translate('loket.overview.error', { message: report.error.message })}</Alert>;
  if (!report.data) return <Loading loadingPrimary="loket.overview.loading" loadingSecondary="" />;
  const { rollout, byModule, byPoi, attendance, certificates } = report.data;
  const figures = headline(rollout, byModule, attendance, certificates);
  const pois = perPoi(rollout, byPoi, attendance);
  const meetings = attendanceByType(attendance);
  const series = (key: string) => translate(`loket.overview.series.${key}`);
  const sessionType = (type: string) => translate(`loket.overview.session_types.${type}`, { _: type });
  const t = (key: string, options?: object) => translate(`loket.overview.${key}`, options);

  return (
    <Stack spacing={3}>
      <Grid container spacing={2}>
        {[
          {
            label: t('cards.libraries'),
            value: figures.librariesStarted,
            hint: t('cards.libraries_hint', { total: figures.libraries }),
          },
          {
            label: t('cards.enrolled'),
            value: figures.enrolled,
            hint: t('cards.enrolled_hint', { withdrawn: figures.withdrawn }),
          },
          {
            label: t('cards.modules'),
            value: figures.modulesCompleted,
            hint: t('cards.modules_hint', {
              percentage: (figures.modulesPercentage ?? 0).toLocaleString('nl-NL'),
            }),
          },
          {
            label: t('cards.meetings'),
            value: figures.meetingsHeld,
            hint: t('cards.meetings_hint', { total: figures.meetingsPlanned }),
          },
          {
            label: t('cards.certificates'),
            value: figures.certificatesIssued,
            hint: t('cards.certificates_hint', { revoked: figures.certificatesRevoked }),
          },
        ].map((card) => (
          <Grid key={card.label} size={{ xs: 12, sm: 6, md: 'grow' }}>
            <Figure {...card} />
          </Grid>
        ))}
      </Grid>

      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 6 }}>
          <ChartFigure
            title={t('charts.per_poi')}
            description={t('charts.per_poi_desc')}
            table={{
              columns: [t('poi_table.poi'), series('enrolled'), series('completedModules')],
              rows: pois.map((p) => [p.poi, p.enrolled, p.modulesCompleted]),
            }}
          >
            <BarChart
              height={chartHeight}
              xAxis={[{ scaleType: 'band', data: pois.map((p) => p.poi) }]}
              series={[
                { data: pois.map((p) => p.enrolled), label: series('enrolled') },
                { data: pois.map((p) => p.modulesCompleted), label: series('completedModules') },
              ]}
            />
          </ChartFigure>
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <ChartFigure
            title={t('charts.certificates')}
            description={t('charts.certificates_desc')}
            table={{
              columns: ['Maand', series('issued'), series('revoked')],
              rows: certificates.map((c) => [monthLabel(c.month), c.issued, c.revoked]),
            }}
          >
            <BarChart
              height={chartHeight}
              xAxis={[{ scaleType: 'band', data: certificates.map((c) => monthLabel(c.month)) }]}
              yAxis={[{ min: 0, tickMinStep: 1 }]}
              series={[
                { data: certificates.map((c) => c.issued), label: series('issued') },
                { data: certificates.map((c) => c.revoked), label: series('revoked') },
              ]}
            />
          </ChartFigure>
        </Grid>
        <Grid size={{ xs: 12, lg: 7 }}>
          <ChartFigure
            title={t('charts.per_module')}
            description={t('charts.per_module_desc')}
            table={{
              columns: ['Module', series('completed'), series('inProgress'), series('notStarted')],
              rows: byModule.map((m) => [m.label, m.completed, m.inProgress, m.notStarted]),
            }}
          >
            <BarChart
              height={chartHeight + 60}
              layout="horizontal"
              margin={{ left: 8 }}
              yAxis={[{ scaleType: 'band', data: byModule.map((m) => m.label), width: 200 }]}
              series={[
                { data: byModule.map((m) => m.completed), label: series('completed'), stack: 'progress' },
                { data: byModule.map((m) => m.inProgress), label: series('inProgress'), stack: 'progress' },
                { data: byModule.map((m) => m.notStarted), label: series('notStarted'), stack: 'progress' },
              ]}
            />
          </ChartFigure>
        </Grid>
        <Grid size={{ xs: 12, lg: 5 }}>
          <ChartFigure
            title={t('charts.attendance')}
            description={t('charts.attendance_desc')}
            table={{
              columns: ['Bijeenkomst', series('present'), series('absent'), series('excused')],
              rows: meetings.map((m) => [sessionType(m.type), m.present, m.absent, m.excused]),
            }}
          >
            <BarChart
              height={chartHeight + 60}
              xAxis={[{ scaleType: 'band', data: meetings.map((m) => sessionType(m.type)) }]}
              series={[
                { data: meetings.map((m) => m.present), label: series('present'), stack: 'attendance' },
                { data: meetings.map((m) => m.absent), label: series('absent'), stack: 'attendance' },
                { data: meetings.map((m) => m.excused), label: series('excused'), stack: 'attendance' },
              ]}
            />
          </ChartFigure>
        </Grid>
      </Grid>

      <Card>
        <CardContent>
          <Typography component="h2" variant="h6" gutterBottom>
            {t('poi_table.title')}
          </Typography>
          {/* Scrolls sideways on a phone; focusable, so a keyboard can scroll it too. */}
          <Box sx={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('poi_table.title')}>
            <Box
              component="table"
              sx={{
                width: '100%',
                borderCollapse: 'collapse',
                '& th, & td': { p: 1, textAlign: 'right', borderBottom: 1, borderColor: 'divider' },
                '& th:first-of-type': { textAlign: 'left' },
              }}
            >
              <thead>
                <tr>
                  <th scope="col">{t('poi_table.poi')}</th>
                  <th scope="col">{t('poi_table.libraries')}</th>
                  <th scope="col">{t('poi_table.enrolled')}</th>
                  <th scope="col">{t('poi_table.modules')}</th>
                  <th scope="col">{t('poi_table.meetings')}</th>
                  <th scope="col">{t('poi_table.certificates')}</th>
                </tr>
              </thead>
              <tbody>
                {pois.map((p) => (
                  <tr key={p.poi}>
                    <th scope="row">{p.poi}</th>
                    <td>{number.format(p.librariesStarted)}</td>
                    <td>{number.format(p.enrolled)}</td>
                    <td>{number.format(p.modulesCompleted)}</td>
                    <td>{number.format(p.meetingsHeld)}</td>
                    <td>{number.format(p.certificates)}</td>
                  </tr>
                ))}
              </tbody>
            </Box>
          </Box>
        </CardContent>
      </Card>
    </Stack>
  );
}
