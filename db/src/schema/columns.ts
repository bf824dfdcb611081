import { sql } from 'drizzle-orm';
import { type AnyPgColumn, check, customType, integer, timestamp, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';

/** A new row id: a UUIDv7, made in the application so ids sort by creation time. */
export const newId = () => uuidv7();

/** Primary key: a newId. */
export const id = () => uuid().primaryKey().$defaultFn(newId);

export const createdAt = () => timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow();
/**
 * When a row last changed, by the database's clock read as the row is written, never the
 * application's: a reading taken after the writing transaction announced its start, which is what
 * makes the sync watermark (queries/sync.ts) safe. Every update sets it by itself; an update that
 * names a value instead (the application's clock) can slip behind a watermark, so for the tables
 * clients mirror with updatedSince, never name one.
 */
const databaseClock = sql`clock_timestamp()`;
export const updatedAt = () =>
  timestamp({ withTimezone: true, mode: 'date', precision: 3 })
    .notNull()
    .default(databaseClock)
    .$onUpdate(() => databaseClock);

/** Optimistic-concurrency counter behind ETag / If-Match. */
export const version = () => integer().notNull().default(1);

export const timestamps = () => ({ createdAt: createdAt(), updatedAt: updatedAt(), version: version() });

/**
 * A check constraint that keeps a column to one of a list's values, written from the list itself so
 * the database, the API and the admin cannot drift apart. The values are the code's own constants,
 * never input, so writing them into the SQL text is safe.
 */
export const oneOf = (name: string, column: AnyPgColumn, values: readonly string[]) =>
  check(name, sql`${column} in (${sql.raw(values.map((value) => `'${value}'`).join(', '))})`);

/** The same for an array column: every element one of the list's values (an empty array too). */
export const everyOneOf = (name: string, column: AnyPgColumn, values: readonly string[]) =>
  check(name, sql`${column} <@ array[${sql.raw(values.map((value) => `'${value}'`).join(', '))}]::text[]`);

/** Bytes as they were sent: node-postgres hands out Buffers, PGlite Uint8Arrays. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});
