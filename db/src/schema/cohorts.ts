import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { id, oneOf, timestamps } from './columns';
import { organisations } from './organisations';
import { modules, programmeVersions } from './programmes';
import { users } from './users';

export const cohortPhases = ['pilot', 'rollout'] as const;
export type CohortPhase = (typeof cohortPhases)[number];
export const cohortStatuses = ['planned', 'running', 'evaluating', 'closed'] as const;
export type CohortStatus = (typeof cohortStatuses)[number];

export const cohorts = pgTable(
  'cohorts',
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    programmeVersionId: uuid()
      .notNull()
      .references(() => programmeVersions.id, { onDelete: 'restrict' }),
    name: text().notNull(),
    phase: text().$type<CohortPhase>().notNull(),
    status: text().$type<CohortStatus>().notNull().default('planned'),
    startsOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }).notNull(),
    adviserUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [
    oneOf('cohorts_phase_check', t.phase, cohortPhases),
    oneOf('cohorts_status_check', t.status, cohortStatuses),
    check('cohorts_dates_check', sql`${t.endsOn} >= ${t.startsOn}`),
    index('cohorts_organisation_idx').on(t.organisationId, t.startsOn),
    index('cohorts_status_idx').on(t.status, t.phase),
    index('cohorts_programme_version_idx').on(t.programmeVersionId),
  ],
);

/** The subset of the programme's modules this cohort follows. */
export const cohortModules = pgTable(
  'cohort_modules',
  {
    cohortId: uuid()
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    moduleId: uuid()
      .notNull()
      .references(() => modules.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.moduleId] })],
);

export const cohortFacilitators = pgTable(
  'cohort_facilitators',
  {
    cohortId: uuid()
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] }), index('cohort_facilitators_user_idx').on(t.userId)],
);
