import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { organisations } from '../schema/organisations';

/**
 * What part of the country a caller may see: everything (the KB), one organisation's subtree
 * (a POI with its libraries, a library with its branches), only their own records (a
 * participant), or nothing (a caller bound to no part of the country, such as a token that names
 * no organisation for a role that needs one). Every query takes one and filters in SQL, so nothing
 * outside it is ever read.
 */
export type Scope =
  | { kind: 'all' }
  | { kind: 'subtree'; path: string }
  | { kind: 'self'; participantId: string }
  | { kind: 'none' };

export const everything: Scope = { kind: 'all' };
export const nowhere: Scope = { kind: 'none' };

const nothing = sql`false`;

/** Condition that an organisation path lies in the scope. */
export function pathInScope(scope: Scope, pathColumn: PgColumn | SQL): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'self' || scope.kind === 'none') return nothing;
  return sql`${pathColumn} like ${`${scope.path}%`}`;
}

/** Condition that an organisation id column points into the scope. */
export function organisationInScope(scope: Scope, organisationIdColumn: PgColumn): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'self' || scope.kind === 'none') return nothing;
  return sql`${organisationIdColumn} in (select ${organisations.id} from ${organisations} where ${organisations.path} like ${`${scope.path}%`})`;
}

/** Condition for records that belong to a participant: a participant sees only their own. */
export function participantInScope(
  scope: Scope,
  participantIdColumn: PgColumn,
  organisationIdColumn: PgColumn,
): SQL | undefined {
  if (scope.kind === 'self') return sql`${participantIdColumn} = ${scope.participantId}`;
  return organisationInScope(scope, organisationIdColumn);
}

/** Condition that an organisation id column points into the subtree rooted at another organisation. */
export function organisationWithin(rootId: string, organisationIdColumn: PgColumn): SQL {
  return sql`${organisationIdColumn} in (select d.id from ${organisations} d where d.path like (select r.path from ${organisations} r where r.id = ${rootId}) || '%')`;
}

/**
 * Condition for records of a cohort: inside the caller's subtree by the cohort's organisation; for a
 * participant, only the cohorts they are enrolled in.
 */
export function cohortInScope(scope: Scope, cohortIdColumn: PgColumn | SQL): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'none') return nothing;
  if (scope.kind === 'self') {
    return sql`${cohortIdColumn} in (select e.cohort_id from enrolments e where e.participant_id = ${scope.participantId})`;
  }
  return sql`${cohortIdColumn} in (select c.id from cohorts c join ${organisations} o on o.id = c.organisation_id where o.path like ${`${scope.path}%`})`;
}

/** Condition for an enrolment: by its cohort, and for a participant only their own. */
export function enrolmentInScope(
  scope: Scope,
  participantIdColumn: PgColumn,
  cohortIdColumn: PgColumn,
): SQL | undefined {
  if (scope.kind === 'self') return sql`${participantIdColumn} = ${scope.participantId}`;
  return cohortInScope(scope, cohortIdColumn);
}
