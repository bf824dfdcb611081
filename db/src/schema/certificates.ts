import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamps } from './columns';
import { enrolments } from './enrolments';
import { users } from './users';

/** What the certificate states, frozen at issue so later edits do not change it. */
export interface CertificateSnapshot {
  /** Null once the person was erased: verification then shows the name as withheld. */
  participantName: string | null;
  programmeName: string;
  programmeVersion: number;
  modules: Array<{ code: string; title: string }>;
  meetings: Array<{ type: string; title: string; date: string }>;
  libraryName: string;
  issuers: string[];
}

/** One counter row per year keeps certificate numbers gapless under concurrency. */
export const certificateCounters = pgTable('certificate_counters', {
  year: integer().primaryKey(),
  lastSequence: integer().notNull(),
});

export const statusLists = pgTable('status_lists', {
  id: id(),
  purpose: text().notNull().default('revocation'),
  size: integer().notNull(),
  /** How many indexes were handed out (at random places: lists made before that were filled in order). */
  allocated: integer('next_index').notNull().default(0),
  /**
   * The list as the issuer signed it at its last change, served as it is; null until first asked
   * for (lists made before lists were stored).
   */
  credential: jsonb().$type<Record<string, unknown>>(),
  createdAt: createdAt(),
});

export const certificates = pgTable(
  'certificates',
  {
    id: id(),
    enrolmentId: uuid()
      .notNull()
      .unique('certificates_enrolment_unique')
      .references(() => enrolments.id, { onDelete: 'restrict' }),
    number: text().notNull().unique(),
    year: integer().notNull(),
    sequence: integer().notNull(),
    verificationCode: text().notNull().unique(),
    issuedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull(),
    issuedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    snapshot: jsonb().$type<CertificateSnapshot>().notNull(),
    credential: jsonb().$type<Record<string, unknown>>(),
    statusListId: uuid().references(() => statusLists.id, { onDelete: 'restrict' }),
    statusListIndex: integer(),
    revokedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    revocationReason: text(),
    ...timestamps(),
  },
  (t) => [
    unique('certificates_year_sequence_unique').on(t.year, t.sequence),
    unique('certificates_status_entry_unique').on(t.statusListId, t.statusListIndex),
    check('certificates_revocation_check', sql`(${t.revokedAt} is null) = (${t.revocationReason} is null)`),
    index('certificates_issued_idx').on(t.issuedAt, t.id),
  ],
);
