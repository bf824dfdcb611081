import type { components } from '@loket/client';
import { Box, Typography } from '@mui/material';
import {
  DateField,
  DeleteWithConfirmButton,
  EditButton,
  FunctionField,
  RecordContextProvider,
  ReferenceField,
  SelectField,
  Show,
  TabbedShowLayout,
  TextField,
  TopToolbar,
  UrlField,
  useGetList,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useCan } from '../access';
import { useCohortChoices } from '../cohorts/choices';
import { RelatedList } from '../layout/RelatedList';
import { useKindChoices } from './kinds';

type Certificate = components['schemas']['Certificate'];
type Cohort = components['schemas']['Cohort'];
type Organisation = components['schemas']['Organisation'];
type Person = Pick<components['schemas']['Participant'], 'givenName' | 'nameInfix' | 'familyName'>;

/** Meetings take place in the Netherlands: their times in Dutch time, whatever the browser's zone. */
const amsterdam: Intl.DateTimeFormatOptions = { timeZone: 'Europe/Amsterdam', dateStyle: 'medium', timeStyle: 'short' };

const personName = (p: Person) => [p.givenName, p.nameInfix, p.familyName].filter(Boolean).join(' ');

/** Edit and delete each behind their own button; deleting asks first and the API says what still hangs on it. */
function Actions() {
  const canWrite = useCan('organisations:write');
  if (!canWrite) return null;
  return (
    <TopToolbar>
      <EditButton />
      <DeleteWithConfirmButton mutationMode="pessimistic" />
    </TopToolbar>
  );
}

/** Cohorts are run by a library; a POI sees those of all its libraries. */
const runsCohorts = (kind: string | undefined) => kind === 'library' || kind === 'poi';
/** Participants work at a library or a branch; above that, everyone under it. */
const hasPeople = (kind: string | undefined) => kind !== 'partner';

function CohortsTab() {
  const { statusChoices } = useCohortChoices();
  return (
    <RelatedList
      reference="cohorts"
      target="organisationId"
      sort={{ field: 'startsOn', order: 'DESC' }}
      perPage={50}
      rowClick="show"
    >
      <TextField source="name" sortable={false} />
      <ReferenceField source="organisationId" reference="organisations" link={false} sortable={false} />
      <SelectField source="status" choices={statusChoices} sortable={false} />
      <DateField source="startsOn" locales="nl-NL" sortable={false} />
      <DateField source="endsOn" locales="nl-NL" sortable={false} />
    </RelatedList>
  );
}

function PeopleTab() {
  return (
    <RelatedList
      reference="participants"
      target="organisationId"
      sort={{ field: 'familyName', order: 'ASC' }}
      perPage={50}
      rowClick="edit"
    >
      <FunctionField<Person> label="loket.organisation_overview.person" render={personName} />
      <TextField source="email" sortable={false} />
      <ReferenceField source="organisationId" reference="organisations" link={false} sortable={false} />
    </RelatedList>
  );
}

/** The meetings of the organisation's cohorts, cohort by cohort (the API lists meetings per cohort). */
function MeetingsTab() {
  const organisation = useRecordContext<Organisation>();
  const translate = useTranslate();
  const { data: cohorts = [] } = useGetList<Cohort>(
    'cohorts',
    {
      filter: { organisationId: organisation?.id },
      sort: { field: 'startsOn', order: 'DESC' },
      pagination: { page: 1, perPage: 10 },
    },
    { enabled: Boolean(organisation) },
  );
  if (cohorts.length === 0) return <Typography>{translate('loket.organisation_overview.no_meetings')}</Typography>;
  return (
    <Box>
      {cohorts.map((cohort) => (
        <RecordContextProvider key={cohort.id} value={cohort}>
          <Typography variant="subtitle1" component="h3" sx={{ mt: 2 }}>
            {cohort.name}
          </Typography>
          <RelatedList
            reference="sessions"
            target="cohortId"
            sort={{ field: 'startsAt', order: 'ASC' }}
            perPage={20}
            rowClick="edit"
          >
            <DateField source="startsAt" showTime locales="nl-NL" options={amsterdam} sortable={false} />
            <TextField source="title" sortable={false} />
          </RelatedList>
        </RecordContextProvider>
      ))}
    </Box>
  );
}

function CertificatesTab() {
  const translate = useTranslate();
  return (
    <RelatedList
      reference="certificates"
      target="libraryId"
      sort={{ field: 'issuedAt', order: 'DESC' }}
      perPage={50}
      rowClick="show"
    >
      <TextField source="number" sortable={false} />
      <FunctionField<Certificate>
        source="participantName"
        render={(r) => r.participantName ?? translate('loket.certificates.withheld')}
      />
      <DateField source="issuedOn" locales="nl-NL" sortable={false} />
    </RelatedList>
  );
}

function Overview() {
  const record = useRecordContext<Organisation>();
  const kinds = useKindChoices();
  const canReadCertificates = useCan('certificates:read');
  const canReadParticipants = useCan('participants:read');
  const canReadSessions = useCan('sessions:read');
  return (
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="loket.organisation_overview.details">
        <SelectField source="kind" choices={kinds} />
        <ReferenceField source="parentId" reference="organisations" emptyText="—" />
        <TextField source="shortName" emptyText="—" />
        <TextField source="city" emptyText="—" />
        <TextField source="province" emptyText="—" />
        <TextField source="email" emptyText="—" />
        <TextField source="phone" emptyText="—" />
        <UrlField source="website" emptyText="—" />
      </TabbedShowLayout.Tab>
      {runsCohorts(record?.kind) && (
        <TabbedShowLayout.Tab label="loket.organisation_overview.cohorts" path="cohorts">
          <CohortsTab />
        </TabbedShowLayout.Tab>
      )}
      {hasPeople(record?.kind) && canReadParticipants && (
        <TabbedShowLayout.Tab label="loket.organisation_overview.people" path="people">
          <PeopleTab />
        </TabbedShowLayout.Tab>
      )}
      {runsCohorts(record?.kind) && canReadSessions && (
        <TabbedShowLayout.Tab label="loket.organisation_overview.meetings" path="meetings">
          <MeetingsTab />
        </TabbedShowLayout.Tab>
      )}
      {record?.kind === 'library' && canReadCertificates && (
        <TabbedShowLayout.Tab label="loket.organisation_overview.certificates" path="certificates">
          <CertificatesTab />
        </TabbedShowLayout.Tab>
      )}
    </TabbedShowLayout>
  );
}

/** An organisation opens as an overview of what happens there; editing is a step of its own. */
export const OrganisationShow = () => (
  <Show actions={<Actions />}>
    <Overview />
  </Show>
);
