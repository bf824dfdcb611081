import { type components, enrolmentStatusValues } from '@loket/client';
import { Box, Chip, Stack, Typography } from '@mui/material';
import {
  Datagrid,
  FunctionField,
  Pagination,
  ReferenceManyField,
  SelectField,
  useGetList,
  useGetOne,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useEnrolmentStatusChoices } from '../enrolments/choices';
import type { CohortRecord } from './choices';

type EnrolmentRow = components['schemas']['Enrolment'];
type EnrolmentDetail = components['schemas']['EnrolmentDetail'];

export const personName = (p: EnrolmentRow['participant']) =>
  [p.givenName, p.nameInfix, p.familyName].filter(Boolean).join(' ');

/** Modules completed and meetings attended, from the enrolment's own detail (cached per row). */
function ProgressSummary(_props: { label?: string }) {
  const record = useRecordContext<EnrolmentRow>();
  const translate = useTranslate();
  const { data } = useGetOne<EnrolmentDetail & { id: string }>(
    'enrolments',
    // Its own cache entry: react-admin seeds getOne with the list's summaries, which lack the progress.
    { id: record?.id ?? '', meta: { detail: true } },
    { enabled: Boolean(record) },
  );
  if (!data?.progress) return null;
  const meetings = data.attendance.filter((a) => !a.cancelled);
  return (
    <span>
      {translate('loket.cohorts.progress_cell', {
        completed: data.progress.filter((p) => p.status === 'completed').length,
        total: data.progress.length,
        present: meetings.filter((a) => a.status === 'present').length,
        meetings: meetings.length,
      })}
    </span>
  );
}

/** How many enrolments have a status, from the API's total. */
function StatusCount({ cohortId, status }: { cohortId: string; status: string }) {
  const translate = useTranslate();
  const { total } = useGetList('enrolments', { filter: { cohortId, status }, pagination: { page: 1, perPage: 1 } });
  return <Chip variant="outlined" label={`${translate(`loket.enrolments.status.${status}`)}: ${total ?? '…'}`} />;
}

export function EnrolmentsTab() {
  const record = useRecordContext<CohortRecord>();
  const translate = useTranslate();
  const statusChoices = useEnrolmentStatusChoices();
  if (!record) return null;
  return (
    <Box>
      <Typography variant="h6" component="h2" gutterBottom>
        {translate('loket.cohorts.tabs.enrolments')}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ mb: 1, flexWrap: 'wrap' }} useFlexGap>
        {enrolmentStatusValues.map((status) => (
          <StatusCount key={status} cohortId={record.id} status={status} />
        ))}
      </Stack>
      <ReferenceManyField
        reference="enrolments"
        target="cohortId"
        sort={{ field: 'familyName', order: 'ASC' }}
        perPage={25}
        pagination={<Pagination />}
      >
        <Datagrid
          rowClick="show"
          bulkActionButtons={false}
          empty={
            <Typography>
              {translate('ra.navigation.no_results', {
                name: translate('resources.enrolments.name', { smart_count: 0 }),
              })}
            </Typography>
          }
        >
          <FunctionField<EnrolmentRow>
            label="loket.enrolments.participant"
            render={(row) => personName(row.participant)}
          />
          <FunctionField<EnrolmentRow> label="loket.enrolments.email" render={(row) => row.participant.email} />
          <SelectField source="status" label="loket.enrolments.status_label" choices={statusChoices} />
          <ProgressSummary label="loket.enrolments.progress" />
        </Datagrid>
      </ReferenceManyField>
    </Box>
  );
}
