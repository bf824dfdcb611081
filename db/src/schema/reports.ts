import { date, integer, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { cohorts } from './cohorts';
import { enrolments } from './enrolments';
import { modules } from './programmes';
import { sessions } from './sessions';

/*
 * The read model behind /v1/reports/*: counters per cohort (and per module, meeting or day), kept
 * current by triggers in the same transaction as the change (migration 0014, hand-written part), so
 * a report sums a few thousand rows instead of scanning every progress row. Organisation moves need
 * nothing here: the library, POI and scope are joined in at read time through the cohort.
 */

/** Enrolments per cohort by status, and how many not withdrawn have any module progress. */
export const reportCohortFigures = pgTable('report_cohort_figures', {
  cohortId: uuid()
    .primaryKey()
    .references(() => cohorts.id, { onDelete: 'cascade' }),
  invited: integer().notNull().default(0),
  active: integer().notNull().default(0),
  completed: integer().notNull().default(0),
  withdrawn: integer().notNull().default(0),
  progressEnrolments: integer().notNull().default(0),
});

/** Module progress rows of enrolments not withdrawn, per cohort and module, by status. */
export const reportCohortModuleProgress = pgTable(
  'report_cohort_module_progress',
  {
    cohortId: uuid()
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    moduleId: uuid()
      .notNull()
      .references(() => modules.id, { onDelete: 'cascade' }),
    notStarted: integer().notNull().default(0),
    inProgress: integer().notNull().default(0),
    completed: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.moduleId] })],
);

/** How many progress rows each enrolment has: whether it counts as an enrolment with progress. */
export const reportEnrolmentProgress = pgTable('report_enrolment_progress', {
  enrolmentId: uuid()
    .primaryKey()
    .references(() => enrolments.id, { onDelete: 'cascade' }),
  progressRows: integer().notNull().default(0),
});

/** Attendance recorded per meeting, by status. */
export const reportSessionAttendance = pgTable('report_session_attendance', {
  sessionId: uuid()
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  present: integer().notNull().default(0),
  absent: integer().notNull().default(0),
  excused: integer().notNull().default(0),
});

/** Certificates per cohort and day of issue (UTC), and how many of those are revoked. */
export const reportCohortCertificates = pgTable(
  'report_cohort_certificates',
  {
    cohortId: uuid()
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    issuedOn: date({ mode: 'string' }).notNull(),
    issued: integer().notNull().default(0),
    revoked: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.issuedOn] })],
);
