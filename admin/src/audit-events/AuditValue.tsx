import { useGetMany, useGetRecordRepresentation, useTranslate } from 'react-admin';
import { displayValue } from './diff';

/** Fields that hold the id of another record, and the screen whose name for it the log shows instead. */
const references: Record<string, string> = {
  organisationId: 'organisations',
  parentId: 'organisations',
  locationOrganisationId: 'organisations',
  participantId: 'participants',
  cohortId: 'cohorts',
  enrolmentId: 'enrolments',
  sessionId: 'sessions',
  moduleId: 'modules',
  adviserUserId: 'users',
  facilitatorUserIds: 'users',
  userId: 'users',
};

/** Where the words for a coded value live, per kind of record: statuses, phases, kinds, roles. */
function codeWords(resourceType: string, field: string): string | undefined {
  if (field === 'status') {
    const byType: Record<string, string> = {
      cohort: 'loket.cohorts.status',
      enrolment: 'loket.enrolments.status',
      session: 'loket.sessions.status',
      progress: 'loket.enrolments.progress_status',
      attendance: 'loket.sessions.attendance_status',
      programme_version: 'loket.version_status',
    };
    return byType[resourceType];
  }
  return { phase: 'loket.cohorts.phase', kind: 'loket.kinds', role: 'loket.roles' }[field];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The records' names as their screens give them; ids the reader may not see stay unnamed. */
function RecordNames({ resource, ids }: { resource: string; ids: string[] }) {
  const translate = useTranslate();
  const { data, isPending } = useGetMany(resource, { ids });
  const represent = useGetRecordRepresentation(resource);
  if (isPending) return <span>…</span>;
  const names = ids.map((id) => {
    const record = data?.find((r) => r.id === id);
    return record ? String(represent(record)) : translate('loket.audit.unknown_record');
  });
  return <span>{names.join(', ')}</span>;
}

/** One value of an audited change as a reader wants it: names for ids, words for codes, no JSON. */
export function AuditValue({ resourceType, field, value }: { resourceType: string; field: string; value: unknown }) {
  const translate = useTranslate();
  const words = { yes: translate('ra.boolean.true'), no: translate('ra.boolean.false') };
  const reference = references[field];
  if (reference && (typeof value === 'string' || (Array.isArray(value) && value.length > 0))) {
    return <RecordNames resource={reference} ids={(Array.isArray(value) ? value : [value]).map(String)} />;
  }
  const codes = codeWords(resourceType, field);
  if (codes && typeof value === 'string') return <span>{translate(`${codes}.${value}`, { _: value })}</span>;
  // A nested record (an address, one attendance line) as "field: value" pairs.
  const pairs = (record: Record<string, unknown>) =>
    Object.entries(record)
      .map(
        ([key, inner]) =>
          `${translate(`loket.audit.fields.${key}`, { _: key })}: ${
            codeWords(resourceType, key) && typeof inner === 'string'
              ? translate(`${codeWords(resourceType, key)}.${inner}`, { _: inner })
              : displayValue(inner, words)
          }`,
      )
      .join('; ');
  if (isRecord(value)) return <span>{pairs(value)}</span>;
  if (Array.isArray(value) && value.some(isRecord)) {
    return (
      <span style={{ whiteSpace: 'pre-line' }}>
        {value.map((item) => (isRecord(item) ? pairs(item) : displayValue(item, words))).join('\n')}
      </span>
    );
  }
  return <span>{displayValue(value, words)}</span>;
}
