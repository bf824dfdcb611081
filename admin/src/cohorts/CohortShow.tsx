import { Alert, Stack } from '@mui/material';
import {
  ArrayField,
  ChipField,
  DateField,
  EditButton,
  Labeled,
  ReferenceField,
  SelectField,
  Show,
  SingleFieldList,
  TabbedShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { useCan } from '../access';
import { IssueCohortCertificatesButton } from '../certificates';
import { CohortMeetings } from '../sessions/CohortMeetings';
import { type CohortRecord, useCohortChoices } from './choices';
import { EnrolmentsTab } from './EnrolmentsTab';
import { EnrolTab } from './EnrolTab';
import { keepNotFound, NotFoundNote } from './NotFound';
import { StatusActions } from './StatusActions';
import { StatusChip } from './StatusChip';
import { useMe } from './useMe';

function Actions() {
  const record = useRecordContext<CohortRecord>();
  const canWrite = useCan('cohorts:write');
  const refresh = useRefresh();
  if (!record) return null;
  return (
    <TopToolbar>
      <StatusActions />
      <IssueCohortCertificatesButton cohortId={record.id} onFinished={refresh} />
      {canWrite && record.status !== 'closed' && <EditButton />}
    </TopToolbar>
  );
}

/** The adviser by name for KB staff (who may read accounts); others see whether it is them. */
function Adviser(_props: { label?: string }) {
  const record = useRecordContext<CohortRecord>();
  const canManageUsers = useCan('users:manage');
  const me = useMe();
  const translate = useTranslate();
  if (!record) return null;
  if (canManageUsers && record.adviserUserId)
    return (
      <ReferenceField source="adviserUserId" reference="users" link={false}>
        <TextField source="displayName" />
      </ReferenceField>
    );
  if (!record.adviserUserId) return <span>{translate('loket.cohorts.adviser_none')}</span>;
  return <span>{me && record.adviserUserId === me.id ? me.name : '—'}</span>;
}

function Details() {
  const record = useRecordContext<CohortRecord>();
  const translate = useTranslate();
  const { phaseChoices } = useCohortChoices();
  return (
    <>
      {record?.status === 'closed' && <Alert severity="info">{translate('loket.cohorts.closed_note')}</Alert>}
      <Stack spacing={2} sx={{ py: 1, alignItems: 'flex-start' }}>
        <Labeled>
          <TextField source="name" />
        </Labeled>
        <Labeled>
          <ReferenceField source="organisationId" reference="organisations" link="edit" />
        </Labeled>
        <Labeled>
          <SelectField source="phase" choices={phaseChoices} />
        </Labeled>
        <Labeled label="resources.cohorts.fields.status">
          <StatusChip />
        </Labeled>
        <Labeled>
          <DateField source="startsOn" locales="nl-NL" options={{ dateStyle: 'long' }} />
        </Labeled>
        <Labeled>
          <DateField source="endsOn" locales="nl-NL" options={{ dateStyle: 'long' }} />
        </Labeled>
        <Labeled>
          <ArrayField source="modules">
            <SingleFieldList linkType={false}>
              <ChipField source="title" size="small" />
            </SingleFieldList>
          </ArrayField>
        </Labeled>
        <Labeled label="resources.cohorts.fields.adviserUserId">
          <Adviser />
        </Labeled>
        <Labeled label="resources.cohorts.fields.facilitatorUserIds">
          <ArrayField source="facilitators" emptyText="—">
            <SingleFieldList linkType={false}>
              <ChipField source="displayName" size="small" />
            </SingleFieldList>
          </ArrayField>
        </Labeled>
      </Stack>
    </>
  );
}

export function CohortShow() {
  const canEnrol = useCan('enrolments:write');
  return (
    <Show actions={<Actions />} queryOptions={keepNotFound}>
      <NotFoundNote message="loket.cohorts.not_found" />
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="loket.cohorts.tabs.details">
          <Details />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="loket.cohorts.tabs.enrolments" path="enrolments">
          <EnrolmentsTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="loket.cohorts.tabs.meetings" path="meetings">
          <CohortMeetings />
        </TabbedShowLayout.Tab>
        {canEnrol && (
          <TabbedShowLayout.Tab label="loket.cohorts.tabs.enrol" path="enrol">
            <EnrolTab />
          </TabbedShowLayout.Tab>
        )}
      </TabbedShowLayout>
    </Show>
  );
}
