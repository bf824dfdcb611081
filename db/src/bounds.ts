/**
 * What both PostgreSQL and JavaScript's ISO strings hold: the years 0001 to 9999 (PostgreSQL has
 * no year 0; past 9999 `toISOString` writes a six-digit year PostgreSQL reads differently).
 * Input outside these bounds is refused before it reaches SQL.
 */
const earliestInstant = Date.parse('0001-01-01T00:00:00.000Z');
const latestInstant = Date.parse('9999-12-31T23:59:59.999Z');

/** A moment the database can store and compare: a valid date within the years 0001 to 9999 (UTC). */
export function storableInstant(value: Date): boolean {
  const time = value.getTime();
  return time >= earliestInstant && time <= latestInstant;
}

/** PostgreSQL's `integer`. */
export const int4 = { min: -2_147_483_648, max: 2_147_483_647 } as const;

/** Text PostgreSQL can store: no U+0000 anywhere. */
export const storableText = (value: string) => !value.includes('\u0000');
