import type { components } from '@loket/client';
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import { Box, Button, Card, CardContent, IconButton, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useMemo, useState } from 'react';
import { Link, Title, useGetList, useLocaleState, useTranslate } from 'react-admin';
import type { SessionRecord } from './choices';
import { ListButton } from './SessionButtons';
import { amsterdamDay, gridPeriod, isoToAmsterdam, monthGrid, monthTitle, timeFormat, weekdayNames } from './time';

type Cohort = components['schemas']['Cohort'];

function thisMonth() {
  const [year, month] = isoToAmsterdam(new Date().toISOString()).split('-').map(Number);
  return { year: year ?? 2026, month: month ?? 1 };
}

/** A month of meetings, Monday first, in Amsterdam time; each meeting links to its page. */
export function SessionCalendar() {
  const translate = useTranslate();
  const [locale = 'nl'] = useLocaleState();
  const intlLocale = locale === 'en' ? 'en-GB' : 'nl-NL';
  const [{ year, month }, setMonth] = useState(thisMonth);
  const [cohortId, setCohortId] = useState('');
  const weeks = useMemo(() => monthGrid(year, month), [year, month]);
  const period = gridPeriod(weeks);
  const { data: cohorts = [] } = useGetList<Cohort>('cohorts', {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'startsOn', order: 'DESC' },
  });
  const { data: meetings = [] } = useGetList<SessionRecord>('sessions', {
    pagination: { page: 1, perPage: 1000 },
    sort: { field: 'startsAt', order: 'ASC' },
    filter: { ...period, ...(cohortId ? { cohortId } : {}) },
  });
  const byDay = useMemo(() => {
    const days = new Map<string, SessionRecord[]>();
    for (const meeting of meetings) {
      const day = amsterdamDay(meeting.startsAt);
      days.set(day, [...(days.get(day) ?? []), meeting]);
    }
    return days;
  }, [meetings]);
  const cohortName = new Map(cohorts.map((c) => [c.id, c.name]));
  const clock = timeFormat(intlLocale);
  const today = amsterdamDay(new Date().toISOString());
  const step = (delta: number) =>
    setMonth(({ year: y, month: m }) => {
      const index = y * 12 + (m - 1) + delta;
      return { year: Math.floor(index / 12), month: (index % 12) + 1 };
    });
  const title = monthTitle(intlLocale, year, month);

  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('loket.sessions.calendar_title')} />
      <CardContent>
        <Stack direction="row" spacing={1} useFlexGap sx={{ mb: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          <IconButton onClick={() => step(-1)} aria-label={translate('loket.sessions.previous_month')}>
            <ChevronLeftIcon />
          </IconButton>
          <Typography variant="h5" component="h1" sx={{ minWidth: 220, textAlign: 'center' }} aria-live="polite">
            {title}
          </Typography>
          <IconButton onClick={() => step(1)} aria-label={translate('loket.sessions.next_month')}>
            <ChevronRightIcon />
          </IconButton>
          <Button onClick={() => setMonth(thisMonth())}>{translate('loket.sessions.today')}</Button>
          <TextField
            select
            size="small"
            label={translate('resources.sessions.fields.cohortId')}
            value={cohortId}
            onChange={(event) => setCohortId(event.target.value)}
            sx={{ width: 320 }}
          >
            <MenuItem value="">{translate('loket.sessions.all_cohorts')}</MenuItem>
            {cohorts.map((cohort) => (
              <MenuItem key={cohort.id} value={cohort.id}>
                {cohort.name}
              </MenuItem>
            ))}
          </TextField>
          <Box sx={{ flex: 1 }} />
          <ListButton />
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate('loket.sessions.times_note')}
        </Typography>
        <Box component="table" sx={{ width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed' }}>
          <caption style={{ position: 'absolute', left: -10000 }}>{title}</caption>
          <thead>
            <tr>
              {weekdayNames(intlLocale).map((name) => (
                <Box component="th" scope="col" key={name} sx={{ p: 1, textAlign: 'left', fontWeight: 600 }}>
                  {name}
                </Box>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week[0]?.day}>
                {week.map(({ day, inMonth }) => {
                  const list = byDay.get(day) ?? [];
                  return (
                    <Box
                      component="td"
                      key={day}
                      sx={{
                        verticalAlign: 'top',
                        height: 110,
                        p: 0.75,
                        border: 1,
                        borderColor: 'divider',
                        bgcolor: inMonth ? 'background.paper' : 'action.hover',
                      }}
                    >
                      <Typography
                        variant="body2"
                        component="div"
                        sx={{
                          fontWeight: day === today ? 700 : 400,
                          color: inMonth ? 'text.primary' : 'text.secondary',
                          mb: 0.5,
                        }}
                        {...(day === today ? { 'aria-current': 'date' as const } : {})}
                      >
                        {Number(day.slice(8, 10))}
                      </Typography>
                      {list.map((meeting) => (
                        <Box
                          key={meeting.id}
                          component={Link}
                          to={`/sessions/${meeting.id}`}
                          sx={{
                            display: 'block',
                            mb: 0.5,
                            px: 0.75,
                            py: 0.25,
                            borderRadius: 1,
                            fontSize: 13,
                            textDecoration: meeting.status === 'cancelled' ? 'line-through' : 'none',
                            bgcolor: meeting.type === 'kickoff' ? 'primary.main' : 'secondary.main',
                            color: meeting.type === 'kickoff' ? 'primary.contrastText' : 'secondary.contrastText',
                          }}
                        >
                          {clock.format(new Date(meeting.startsAt))} {translate(`loket.sessions.type.${meeting.type}`)}
                          {meeting.status === 'cancelled' ? ` (${translate('loket.sessions.status.cancelled')})` : ''}
                          <Box component="span" sx={{ display: 'block', fontSize: 12, opacity: 0.95 }}>
                            {cohortName.get(meeting.cohortId) ?? ''}
                          </Box>
                        </Box>
                      ))}
                    </Box>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </Box>
      </CardContent>
    </Card>
  );
}
