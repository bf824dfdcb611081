import type { components } from '@loket/client';
import AddIcon from '@mui/icons-material/Add';
import { Box, Button, Stack, Typography } from '@mui/material';
import {
  Datagrid,
  DateField,
  FunctionField,
  Link,
  ReferenceManyField,
  SelectField,
  TextField,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useCan } from '../access';
import { type SessionRecord, useSessionChoices } from './choices';
import { AttendanceButton } from './SessionButtons';
import { upcomingFirst } from './SessionList';
import { meetingMoment } from './time';

type Cohort = components['schemas']['Cohort'];

/** The meetings tab of a cohort's page. */
export function CohortMeetings() {
  const cohort = useRecordContext<Cohort>();
  const translate = useTranslate();
  const canWrite = useCan('sessions:write');
  const { typeChoices, statusChoices } = useSessionChoices();
  if (!cohort) return null;
  return (
    <Box>
      <Stack direction="row" sx={{ mb: 1, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography variant="h6" component="h2">
          {translate('loket.cohorts.tabs.meetings')}
        </Typography>
        {canWrite && cohort.status !== 'closed' && (
          <Button
            component={Link}
            to={`/sessions/create?cohortId=${encodeURIComponent(cohort.id)}`}
            startIcon={<AddIcon />}
          >
            {translate('ra.action.create')}
          </Button>
        )}
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('loket.sessions.times_note')}
      </Typography>
      <ReferenceManyField reference="sessions" target="cohortId" sort={upcomingFirst} perPage={50}>
        <Datagrid rowClick={canWrite ? 'edit' : false} bulkActionButtons={false}>
          <DateField source="startsAt" showTime locales="nl-NL" options={meetingMoment} sortable={false} />
          <TextField source="title" sortable={false} />
          <SelectField source="type" choices={typeChoices} sortable={false} />
          <FunctionField<SessionRecord>
            source="countsForCertificate"
            sortable={false}
            render={(r) => translate(`loket.sessions.counts.${r.countsForCertificate ? 'yes' : 'no'}`)}
          />
          <SelectField source="status" choices={statusChoices} sortable={false} />
          <AttendanceButton />
        </Datagrid>
      </ReferenceManyField>
    </Box>
  );
}
