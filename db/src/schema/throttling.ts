import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const moment = () => timestamp({ withTimezone: true, mode: 'date', precision: 3 });

/**
 * Request counters per caller (or address) and fixed window, shared by every API process. Rows
 * whose window has passed are reset by the next request and pruned regularly.
 */
export const rateLimits = pgTable('rate_limits', {
  key: text().primaryKey(),
  hits: integer().notNull(),
  resetsAt: moment().notNull(),
});

/**
 * Failed sign-ins, per account and per account and client address. Keys are hashes, so neither
 * an email address nor an IP address is kept here.
 */
export const signInAttempts = pgTable('sign_in_attempts', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  /** The start of the account's counting window. */
  firstFailureAt: moment(),
  lastFailureAt: moment(),
  /** No further attempt is looked at before this moment. */
  blockedUntil: moment(),
});
