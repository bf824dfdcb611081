/** Bookkeeping fields every record has; a change to them says nothing to a reader. */
const bookkeeping = new Set(['id', 'version', 'createdAt', 'updatedAt']);

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The fields that differ between an audit event's before and after, in the record's own order:
 * everything set for a creation, everything that was there for a deletion.
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const old = isRecord(before) ? before : {};
  const now = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(now), ...Object.keys(old)])].filter((field) => !bookkeeping.has(field));
  return fields
    .map((field) => ({ field, before: old[field] ?? null, after: now[field] ?? null }))
    .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after));
}

/** What a reader calls the changed record: its name or a person's name. */
export function recordName(before: unknown, after: unknown): string | null {
  const record = isRecord(after) ? after : isRecord(before) ? before : null;
  if (!record) return null;
  for (const field of ['name', 'displayName', 'title']) {
    if (typeof record[field] === 'string' && record[field]) return record[field] as string;
  }
  const person = [record.givenName, record.nameInfix, record.familyName].filter(
    (part): part is string => typeof part === 'string' && part.length > 0,
  );
  return person.length > 0 ? person.join(' ') : null;
}

const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const day = /^\d{4}-\d{2}-\d{2}$/;

/** A value as a reader wants to see it: dates in Dutch, lists joined, nothing as an em dash. */
export function displayValue(value: unknown, words: { yes: string; no: string }, locale = 'nl-NL'): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (typeof value === 'string') {
    if (timestamp.test(value)) {
      return new Date(value).toLocaleString(locale, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Europe/Amsterdam',
      });
    }
    if (day.test(value)) return new Date(`${value}T12:00:00Z`).toLocaleDateString(locale, { dateStyle: 'medium' });
    return value;
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? '—' : value.map((item) => displayValue(item, words, locale)).join(', ');
  }
  if (isRecord(value)) return JSON.stringify(value);
  return String(value);
}

/** The start of a chosen day, as the API's `from` (inclusive). */
export function startOfDay(day: string): string | undefined {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}

/** The end of a chosen day, as the API's `to` (exclusive): the next day's start. */
export function endOfDay(day: string): string | undefined {
  if (!day) return undefined;
  const next = new Date(`${day}T00:00:00`);
  next.setDate(next.getDate() + 1);
  return next.toISOString();
}

const localDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** Back from the API's moments to the days shown in the date fields. */
export function dayOfStart(value: unknown): string {
  return typeof value === 'string' && value ? localDay(new Date(value)) : '';
}

export function dayOfEnd(value: unknown): string {
  if (typeof value !== 'string' || !value) return '';
  const date = new Date(value);
  date.setDate(date.getDate() - 1);
  return localDay(date);
}
