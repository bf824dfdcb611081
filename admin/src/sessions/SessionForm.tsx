import { Alert } from '@mui/material';
import {
  AutocompleteInput,
  BooleanInput,
  FormDataConsumer,
  NumberInput,
  ReferenceInput,
  required,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextInput,
  Toolbar,
  useGetList,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { AmsterdamDateTimeInput } from './AmsterdamInputs';
import { type SessionRecord, useSessionChoices } from './choices';
import { CancelMeetingButton } from './SessionButtons';

/** The agenda is a list; editing it as lines is quicker than one input per item. */
const toAgenda = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
const fromAgenda = (agenda: string[] | string | undefined) =>
  Array.isArray(agenda) ? agenda.join('\n') : (agenda ?? '');
const emptyToNull = (value: string) => (value === '' ? null : value);

function FormToolbar() {
  const record = useRecordContext<SessionRecord>();
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      {record?.id && <CancelMeetingButton />}
    </Toolbar>
  );
}

/** What marking a meeting as counting does to every enrolment of the cohort, said before saving. */
function CountingEffect({
  cohortId,
  counts,
  wasCounting,
}: {
  cohortId?: string;
  counts: boolean;
  wasCounting: boolean;
}) {
  const translate = useTranslate();
  const enabled = Boolean(cohortId) && counts;
  const pagination = { page: 1, perPage: 1 };
  const all = useGetList('enrolments', { filter: { cohortId }, pagination }, { enabled });
  // Those who finished already attended a meeting that counted all along; only a newly counting one reopens them.
  const completed = useGetList(
    'enrolments',
    { filter: { cohortId, status: 'completed' }, pagination },
    { enabled: enabled && !wasCounting },
  );
  if (!counts) {
    return (
      <Alert severity="info" sx={{ mb: 2, maxWidth: 640 }}>
        {translate('loket.sessions.counts_optional')}
      </Alert>
    );
  }
  return (
    <Alert severity="warning" sx={{ mb: 2, maxWidth: 640 }} role="status">
      {translate('loket.sessions.counts_warning', { smart_count: all.total ?? 0 })}
      {!wasCounting &&
        (completed.total ?? 0) > 0 &&
        ` ${translate('loket.sessions.counts_warning_completed', { smart_count: completed.total })}`}
    </Alert>
  );
}

export function SessionForm({ create = false }: { create?: boolean }) {
  const { typeChoices } = useSessionChoices();
  const record = useRecordContext<SessionRecord>();
  const cancelled = record?.status === 'cancelled';
  return (
    <SimpleForm toolbar={cancelled ? false : <FormToolbar />} disabled={cancelled}>
      {create && (
        <ReferenceInput source="cohortId" reference="cohorts" filter={{}}>
          <AutocompleteInput optionText="name" validate={required()} sx={{ minWidth: 360 }} />
        </ReferenceInput>
      )}
      {create && <SelectInput source="type" choices={typeChoices} validate={required()} />}
      <TextInput source="title" validate={required()} sx={{ minWidth: 420 }} />
      <AmsterdamDateTimeInput source="startsAt" validate={required()} helperText="loket.sessions.untimed_helper" />
      <AmsterdamDateTimeInput source="endsAt" validate={required()} helperText="loket.sessions.untimed_helper" />
      <BooleanInput source="countsForCertificate" helperText={false} />
      <FormDataConsumer<{ cohortId?: string; countsForCertificate?: boolean }>>
        {({ formData }) => (
          <CountingEffect
            cohortId={formData.cohortId}
            counts={Boolean(formData.countsForCertificate)}
            wasCounting={Boolean(record?.countsForCertificate)}
          />
        )}
      </FormDataConsumer>
      <TextInput source="onlineUrl" parse={emptyToNull} sx={{ minWidth: 420 }} />
      <NumberInput source="capacity" min={1} max={1000} />
      <TextInput source="agenda" multiline minRows={3} parse={toAgenda} format={fromAgenda} sx={{ minWidth: 420 }} />
    </SimpleForm>
  );
}
