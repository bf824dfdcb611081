import { integer, timestamp, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';

/** Primary key: a UUIDv7, made in the application so ids sort by creation time. */
export const id = () =>
  uuid()
    .primaryKey()
    .$defaultFn(() => uuidv7());

export const createdAt = () => timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow();
export const updatedAt = () => timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow();

/** Optimistic-concurrency counter behind ETag / If-Match. */
export const version = () => integer().notNull().default(1);

export const timestamps = () => ({ createdAt: createdAt(), updatedAt: updatedAt(), version: version() });
