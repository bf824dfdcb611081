import { sql } from 'drizzle-orm';
import { check, index, numeric, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { cohorts } from './cohorts';
import { id, oneOf, timestamps } from './columns';
import { participants } from './participants';
import { modules } from './programmes';
import { users } from './users';

export const enrolmentStatuses = ['invited', 'active', 'completed', 'withdrawn'] as const;
export type EnrolmentStatus = (typeof enrolmentStatuses)[number];
export const progressStatuses = ['not_started', 'in_progress', 'completed'] as const;
export type ProgressStatus = (typeof progressStatuses)[number];

export const enrolments = pgTable(
  'enrolments',
  {
    id: id(),
    cohortId: uuid()
      .notNull()
      .references(() => cohorts.id, { onDelete: 'restrict' }),
    participantId: uuid()
      .notNull()
      .references(() => participants.id, { onDelete: 'restrict' }),
    status: text().$type<EnrolmentStatus>().notNull().default('invited'),
    invitedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    activatedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    completedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    withdrawnAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    ...timestamps(),
  },
  (t) => [
    unique('enrolments_cohort_participant_unique').on(t.cohortId, t.participantId),
    oneOf('enrolments_status_check', t.status, enrolmentStatuses),
    index('enrolments_participant_idx').on(t.participantId),
    index('enrolments_cohort_status_idx').on(t.cohortId, t.status),
    index('enrolments_updated_idx').on(t.updatedAt, t.id),
  ],
);

export const moduleProgress = pgTable(
  'module_progress',
  {
    id: id(),
    enrolmentId: uuid()
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    moduleId: uuid()
      .notNull()
      .references(() => modules.id, { onDelete: 'restrict' }),
    status: text().$type<ProgressStatus>().notNull().default('not_started'),
    startedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    completedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    /** Scaled score 0..1 as reported by the player, when it reports one. */
    score: numeric({ precision: 5, scale: 4 }),
    /**
     * Recorded by hand by a coordinator or adviser (e.g. completed elsewhere): who, when and why, shown
     * on the enrolment. Null when the e-learning or the participant reported it.
     */
    byHandReason: text(),
    byHandUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    byHandAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    ...timestamps(),
  },
  (t) => [
    unique('module_progress_enrolment_module_unique').on(t.enrolmentId, t.moduleId),
    oneOf('module_progress_status_check', t.status, progressStatuses),
    check('module_progress_completed_check', sql`${t.status} <> 'completed' or ${t.completedAt} is not null`),
    check('module_progress_score_check', sql`${t.score} is null or (${t.score} >= 0 and ${t.score} <= 1)`),
    index('module_progress_module_status_idx').on(t.moduleId, t.status),
  ],
);
