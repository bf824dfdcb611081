import { auditEventActionValues, auditEventResourceTypeValues, type components } from '@loket/client';
import { Box, Chip, Link as MuiLink, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import {
  AutocompleteInput,
  Datagrid,
  DateField,
  DateInput,
  FunctionField,
  List,
  ReferenceInput,
  SelectInput,
  useListContext,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useCan } from '../access';
import { csvExporter } from '../csv';
import { TableHeadRow } from '../layout/TableHeadRow';
import { AuditValue } from './AuditValue';
import { dayOfEnd, dayOfStart, endOfDay, fieldChanges, recordName, startOfDay } from './diff';

type AuditEvent = components['schemas']['AuditEvent'];

/** The admin resource whose field labels name an audited record's fields. */
const screenOf: Record<string, string> = {
  organisation: 'organisations',
  participant: 'participants',
  cohort: 'cohorts',
  enrolment: 'enrolments',
  session: 'sessions',
  certificate: 'certificates',
  evaluation: 'evaluations',
  user: 'users',
  api_client: 'api-clients',
  programme_version: 'programmes',
};

/** "participant.updated" → "Deelnemer gewijzigd"; an action this screen does not know yet still reads. */
export function useActionLabel() {
  const translate = useTranslate();
  return (action: string) => {
    const [subject = action, verb = ''] = action.split('.');
    return `${translate(`loket.audit.subjects.${subject}`, { _: subject })} ${translate(`loket.audit.verbs.${verb}`, { _: verb })}`.trim();
  };
}

function useFieldLabel() {
  const translate = useTranslate();
  return (resourceType: string, field: string) => {
    const fallback = translate(`loket.audit.fields.${field}`, { _: field });
    const screen = screenOf[resourceType];
    return screen ? translate(`resources.${screen}.fields.${field}`, { _: fallback }) : fallback;
  };
}

/** Before and after, side by side, only for the fields that changed. */
function ChangeTable() {
  const event = useRecordContext<AuditEvent>();
  const translate = useTranslate();
  const label = useFieldLabel();
  if (!event) return null;
  const changes = fieldChanges(event.before, event.after);
  if (changes.length === 0) {
    return (
      <Typography variant="body2" sx={{ p: 2 }}>
        {translate('loket.audit.no_changes')}
      </Typography>
    );
  }
  return (
    <Box sx={{ p: 1, pl: 6 }}>
      <Table size="small" aria-label={translate('loket.audit.changes')}>
        <TableHeadRow labels={['loket.audit.field', 'loket.audit.before', 'loket.audit.after']} />
        <TableBody>
          {changes.map((change) => (
            <TableRow key={change.field}>
              <TableCell component="th" scope="row" sx={{ fontWeight: 600 }}>
                {label(event.resourceType, change.field)}
              </TableCell>
              <TableCell sx={{ color: 'error.dark', textDecoration: change.before === null ? 'none' : 'line-through' }}>
                <AuditValue resourceType={event.resourceType} field={change.field} value={change.before} />
              </TableCell>
              <TableCell sx={{ color: 'success.dark' }}>
                <AuditValue resourceType={event.resourceType} field={change.field} value={change.after} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

/** Who did it; a click shows only that actor's changes. */
function Actor({ event }: { event: AuditEvent }) {
  const translate = useTranslate();
  const { filterValues, setFilters } = useListContext();
  const name = event.actorName ?? translate(`loket.audit.actor_types.${event.actorType}`);
  if (!event.actorId) return <span>{name}</span>;
  return (
    <MuiLink
      component="button"
      type="button"
      onClick={(click) => {
        click.stopPropagation();
        setFilters({ ...filterValues, actorId: event.actorId });
      }}
      title={translate('loket.audit.only_actor', { name })}
    >
      {name}
    </MuiLink>
  );
}

/** The actor filter as a chip: it is set by clicking a name, and cleared here. */
function ActorFilter() {
  const translate = useTranslate();
  const { filterValues, setFilters, data } = useListContext<AuditEvent>();
  const actorId = filterValues.actorId as string | undefined;
  if (!actorId) return null;
  const name = data?.find((event) => event.actorId === actorId)?.actorName ?? actorId;
  const { actorId: _cleared, ...rest } = filterValues;
  return (
    <Box sx={{ px: 2, pt: 1 }}>
      <Chip color="primary" label={translate('loket.audit.only_actor', { name })} onDelete={() => setFilters(rest)} />
    </Box>
  );
}

function Summary({ event }: { event: AuditEvent }) {
  const translate = useTranslate();
  const label = useFieldLabel();
  const changes = fieldChanges(event.before, event.after);
  if (event.before === null || event.after === null || changes.length === 0) return null;
  const names = changes.slice(0, 3).map((change) => label(event.resourceType, change.field));
  return (
    <span>
      {translate('loket.audit.changed_fields', { smart_count: changes.length, fields: names.join(', ') })}
      {changes.length > 3 ? ' …' : ''}
    </span>
  );
}

export function AuditEventList() {
  const translate = useTranslate();
  const actionLabel = useActionLabel();
  const mayListUsers = useCan('users:manage');
  const filters = [
    <SelectInput
      key="resourceType"
      source="resourceType"
      choices={auditEventResourceTypeValues.map((id) => ({ id, name: translate(`loket.audit.subjects.${id}`) }))}
      alwaysOn
    />,
    <SelectInput
      key="action"
      source="action"
      choices={auditEventActionValues.map((id) => ({ id, name: actionLabel(id) }))}
      alwaysOn
    />,
    <DateInput key="from" source="from" parse={startOfDay} format={dayOfStart} alwaysOn />,
    <DateInput key="to" source="to" parse={endOfDay} format={dayOfEnd} alwaysOn />,
    mayListUsers ? (
      <ReferenceInput key="actorId" source="actorId" reference="users" sort={{ field: 'displayName', order: 'ASC' }}>
        <AutocompleteInput optionText="displayName" />
      </ReferenceInput>
    ) : null,
  ].filter((input) => input !== null);
  return (
    <List exporter={csvExporter} filters={filters} sort={{ field: 'occurredAt', order: 'DESC' }} perPage={25}>
      <ActorFilter />
      <Datagrid rowClick="expand" expand={<ChangeTable />} bulkActionButtons={false}>
        <DateField source="occurredAt" showTime locales="nl-NL" />
        <FunctionField<AuditEvent> source="actorName" sortable={false} render={(event) => <Actor event={event} />} />
        <FunctionField<AuditEvent>
          source="action"
          sortable={false}
          render={(event) => {
            const version = (event.after ?? event.before) as { number?: unknown } | null;
            const name =
              event.resourceType === 'programme_version' && typeof version?.number === 'number'
                ? translate('loket.programme.version', { number: version.number })
                : recordName(event.before, event.after);
            return (
              <>
                <strong>{actionLabel(event.action)}</strong>
                {name ? (
                  <Typography variant="body2" component="span" sx={{ display: 'block', color: 'text.secondary' }}>
                    {name}
                  </Typography>
                ) : null}
              </>
            );
          }}
        />
        <FunctionField<AuditEvent> label="loket.audit.changes" render={(event) => <Summary event={event} />} />
      </Datagrid>
    </List>
  );
}
