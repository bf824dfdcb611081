import {
  AutocompleteInput,
  DateTimeInput,
  NumberInput,
  ReferenceInput,
  required,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextInput,
  Toolbar,
  useRecordContext,
} from 'react-admin';
import { type SessionRecord, useSessionChoices } from './choices';
import { CancelMeetingButton } from './SessionButtons';
import { amsterdamToIso, isoToAmsterdam } from './time';

/** The inputs show Amsterdam's clock whatever the browser's time zone; the API gets instants. */
const toInstant = (local: string) => (local ? amsterdamToIso(local) : local);
const toLocal = (iso: string | undefined) => (iso ? isoToAmsterdam(iso) : '');
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
      {record && <CancelMeetingButton />}
    </Toolbar>
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
      <DateTimeInput
        source="startsAt"
        parse={toInstant}
        format={toLocal}
        validate={required()}
        helperText="loket.sessions.untimed_helper"
      />
      <DateTimeInput
        source="endsAt"
        parse={toInstant}
        format={toLocal}
        validate={required()}
        helperText="loket.sessions.untimed_helper"
      />
      <TextInput source="onlineUrl" parse={emptyToNull} sx={{ minWidth: 420 }} />
      <NumberInput source="capacity" min={1} max={1000} />
      <TextInput source="agenda" multiline minRows={3} parse={toAgenda} format={fromAgenda} sx={{ minWidth: 420 }} />
    </SimpleForm>
  );
}
