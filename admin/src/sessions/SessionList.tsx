import {
  AutocompleteInput,
  CreateButton,
  Datagrid,
  DateField,
  FilterButton,
  List,
  ReferenceField,
  ReferenceInput,
  SelectField,
  SelectInput,
  TextField,
  TopToolbar,
} from 'react-admin';
import { useCan } from '../access';
import { csvExporter } from '../csv';
import { AmsterdamDateInput } from './AmsterdamInputs';
import { useSessionChoices } from './choices';
import { AttendanceButton, CalendarButton } from './SessionButtons';
import { meetingMoment } from './time';

function Actions() {
  const canWrite = useCan('sessions:write');
  return (
    <TopToolbar>
      <CalendarButton />
      <FilterButton />
      {canWrite && <CreateButton />}
    </TopToolbar>
  );
}

/** The meetings still to come first, soonest first; then those that took place, the latest first. */
export const upcomingFirst = { field: 'upcoming', order: 'ASC' } as const;

export function SessionList() {
  const { typeChoices, statusChoices } = useSessionChoices();
  const canWrite = useCan('sessions:write');
  const filters = [
    <ReferenceInput key="cohortId" source="cohortId" reference="cohorts" alwaysOn>
      <AutocompleteInput optionText="name" sx={{ minWidth: 280 }} />
    </ReferenceInput>,
    <SelectInput key="type" source="type" choices={typeChoices} alwaysOn />,
    <AmsterdamDateInput key="from" source="from" alwaysOn />,
    // "to" includes its whole day.
    <AmsterdamDateInput key="to" source="to" endOfDay alwaysOn />,
    <SelectInput key="status" source="status" choices={statusChoices} />,
  ];
  return (
    <List exporter={csvExporter} filters={filters} actions={<Actions />} sort={upcomingFirst}>
      <Datagrid rowClick={canWrite ? 'edit' : false} bulkActionButtons={false}>
        <DateField source="startsAt" showTime locales="nl-NL" options={meetingMoment} />
        <TextField source="title" sortable={false} />
        <SelectField source="type" choices={typeChoices} sortable={false} />
        <ReferenceField source="cohortId" reference="cohorts" link="show" sortable={false} />
        <SelectField source="status" choices={statusChoices} sortable={false} />
        <AttendanceButton />
      </Datagrid>
    </List>
  );
}
