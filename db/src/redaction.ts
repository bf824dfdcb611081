/**
 * How an erased person is taken out of stored JSON and free text (audit snapshots, stored
 * idempotent answers, job reports, event payloads): the record and what happened stay, who it was
 * goes. Pure, so the rules are tested without a database.
 */

/** What an erased person's name fields read afterwards. */
export const erasedName = 'Verwijderd';
/** What replaces the person's name or address inside a text someone wrote. */
export const withheldText = '[verwijderd]';

export const erasedEmail = (participantId: string) => `verwijderd-${participantId}@loket.invalid`;

/** Who is erased, and how to recognise them. */
export interface ErasureTarget {
  participantId: string;
  /** Records that are about the person: their enrolments, evaluations, certificates and accounts. */
  recordIds: ReadonlySet<string>;
  /** Every name and email address they had, as written; matched regardless of case. */
  names: readonly string[];
}

/** The fields that identify a person, and what they read once the person is erased. */
const personalFields: Record<string, (target: ErasureTarget) => string | null> = {
  givenName: () => erasedName,
  familyName: () => erasedName,
  displayName: () => erasedName,
  nameInfix: () => null,
  jobTitle: () => null,
  participantName: () => null,
  comment: () => null,
  email: (target) => erasedEmail(target.participantId),
  recipient: (target) => erasedEmail(target.participantId),
  /** A job report's line about them. */
  item: () => erasedName,
};

const isString = (value: unknown): value is string => typeof value === 'string';

/** An object describes the person when it is their record, or one of the records about them. */
function isAboutPerson(record: Record<string, unknown>, target: ErasureTarget): boolean {
  return ['id', 'participantId', 'enrolmentId', 'itemId'].some((key) => {
    const value = record[key];
    return isString(value) && (value === target.participantId || target.recordIds.has(value));
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces every mention of the person's names and addresses in a text. */
export function withholdNames(text: string, target: ErasureTarget): string {
  const names = [...target.names].filter((name) => name.trim().length > 0).sort((a, b) => b.length - a.length);
  if (names.length === 0) return text;
  return text.replace(new RegExp(names.map(escapeRegExp).join('|'), 'giu'), withheldText);
}

/**
 * The value with the person taken out: in an object about them the identifying fields read as
 * erased (and everything inside it is treated as about them); elsewhere only mentions of their
 * names and addresses in text are withheld. Everything else, ids included, stays as it was.
 */
export function redactPerson(value: unknown, target: ErasureTarget, aboutPerson = false): unknown {
  if (isString(value)) return withholdNames(value, target);
  if (Array.isArray(value)) return value.map((item) => redactPerson(item, target, aboutPerson));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const about = aboutPerson || isAboutPerson(record, target);
  return Object.fromEntries(
    Object.entries(record).map(([key, child]) => {
      const erased = personalFields[key];
      return [key, about && erased ? erased(target) : redactPerson(child, target, about)];
    }),
  );
}

const fullName = (record: Record<string, unknown>) =>
  [record.givenName, record.nameInfix, record.familyName].filter(isString).join(' ');

/**
 * The names and addresses found in objects about the person (their record as it was at any
 * moment, their accounts), so that earlier names are withheld as well as the current one.
 */
export function namesOfPerson(values: unknown[], target: Omit<ErasureTarget, 'names'>): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, aboutPerson: boolean) => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, aboutPerson);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    const about = aboutPerson || isAboutPerson(record, { ...target, names: [] });
    if (about) {
      if (isString(record.givenName) && isString(record.familyName)) {
        found.add(fullName(record));
        found.add(`${record.givenName} ${record.familyName}`);
      }
      for (const key of ['email', 'displayName', 'participantName'] as const) {
        const text = record[key];
        if (isString(text)) found.add(text);
      }
    }
    for (const child of Object.values(record)) visit(child, about);
  };
  visit(values, false);
  // A name this short would match inside ordinary words.
  return [...found].filter(
    (name) => name.trim().length >= 5 && !name.startsWith(erasedName) && !name.endsWith('@loket.invalid'),
  );
}
