import {
  AutocompleteInput,
  CreateButton,
  Datagrid,
  DateField,
  DateInput,
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
import { useSessionChoices } from './choices';
import { AttendanceButton, CalendarButton } from './SessionButtons';
import { amsterdamToIso, isoToAmsterdam, meetingMoment } from './time';

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

/** The API filters on instants; the form shows Amsterdam days. "to" includes its whole day. */
const fromDay = (day: string) => (day ? amsterdamToIso(day) : day);
const toDay = (day: string) => (day ? amsterdamToIso(`${day.slice(0, 10)}T23:59`) : day);
const showDay = (iso: string | undefined) => (iso ? isoToAmsterdam(iso).slice(0, 10) : '');

export function SessionList() {
  const { typeChoices, statusChoices } = useSessionChoices();
  const canWrite = useCan('sessions:write');
  const filters = [
    <ReferenceInput key="cohortId" source="cohortId" reference="cohorts" alwaysOn>
      <AutocompleteInput optionText="name" sx={{ minWidth: 280 }} />
    </ReferenceInput>,
    <SelectInput key="type" source="type" choices={typeChoices} alwaysOn />,
    <DateInput key="from" source="from" parse={fromDay} format={showDay} alwaysOn />,
    <DateInput key="to" source="to" parse={toDay} format={showDay} alwaysOn />,
    <SelectInput key="status" source="status" choices={statusChoices} />,
  ];
  return (
    <List exporter={csvExporter} filters={filters} actions={<Actions />} sort={{ field: 'startsAt', order: 'ASC' }}>
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
