import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { cohorts } from './cohorts';
import { id, oneOf, timestamps } from './columns';
import { enrolments } from './enrolments';
import { organisations } from './organisations';
import { users } from './users';

export const sessionTypes = ['kickoff', 'team_meeting'] as const;
export type SessionType = (typeof sessionTypes)[number];
export const sessionStatuses = ['scheduled', 'cancelled'] as const;
export type SessionStatus = (typeof sessionStatuses)[number];
/**
 * What the API shows: a scheduled meeting is held once it has taken place (attendance recorded or its
 * end passed). Computed when read, never stored, so it cannot fall behind the clock.
 */
export const sessionStates = ['scheduled', 'held', 'cancelled'] as const;
export type SessionState = (typeof sessionStates)[number];
export const attendanceStatuses = ['present', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];

/** A team meeting of a cohort (the kick-off or one of the team meetings). */
export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    cohortId: uuid()
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    type: text().$type<SessionType>().notNull(),
    sequence: integer().notNull(),
    title: text().notNull(),
    status: text().$type<SessionStatus>().notNull().default('scheduled'),
    startsAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull(),
    endsAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull(),
    locationOrganisationId: uuid().references(() => organisations.id, { onDelete: 'set null' }),
    onlineUrl: text(),
    capacity: integer(),
    agenda: jsonb().$type<string[]>().notNull(),
    /**
     * Whether the certificate asks for presence here: the meetings of the programme's plan do, an
     * extra meeting only when the adviser says so.
     */
    countsForCertificate: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    unique('sessions_cohort_sequence_unique').on(t.cohortId, t.sequence),
    oneOf('sessions_type_check', t.type, sessionTypes),
    oneOf('sessions_status_check', t.status, sessionStatuses),
    check('sessions_time_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('sessions_capacity_check', sql`${t.capacity} is null or ${t.capacity} > 0`),
    index('sessions_starts_idx').on(t.startsAt, t.id),
  ],
);

export const sessionFacilitators = pgTable(
  'session_facilitators',
  {
    sessionId: uuid()
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })],
);

export const attendance = pgTable(
  'attendance',
  {
    sessionId: uuid()
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    enrolmentId: uuid()
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    status: text().$type<AttendanceStatus>().notNull(),
    /** The coordinator accepted an excused absence as not blocking the certificate. */
    excuseWaived: boolean().notNull().default(false),
    recordedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    recordedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.enrolmentId] }),
    oneOf('attendance_status_check', t.status, attendanceStatuses),
    check('attendance_waiver_check', sql`not ${t.excuseWaived} or ${t.status} = 'excused'`),
    index('attendance_enrolment_idx').on(t.enrolmentId),
  ],
);
