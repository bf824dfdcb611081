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

/**
 * Scopes whose values are placeholders: a hot query is built once per kind of scope and prepared
 * (see preparedPerScope), so a request only fills in its caller's values.
 */
const placeholderScopes = new WeakSet<Scope>();

/** The LIKE pattern of a subtree: its path and everything under it. */
const likeSubtree = (path: string) => `${path}%`;

const subtreePattern = (scope: Scope & { kind: 'subtree' }) =>
  placeholderScopes.has(scope) ? sql.placeholder('scopePattern') : likeSubtree(scope.path);

const selfId = (scope: Scope & { kind: 'self' }) =>
  placeholderScopes.has(scope) ? sql.placeholder('scopeParticipantId') : scope.participantId;

/** The values a query prepared by preparedPerScope takes for this scope. */
function scopeValues(scope: Scope): Record<string, string> {
  if (scope.kind === 'subtree') return { scopePattern: likeSubtree(scope.path) };
  if (scope.kind === 'self') return { scopeParticipantId: scope.participantId };
  return {};
}

function placeholderScope(kind: Scope['kind']): Scope {
  const scope: Scope =
    kind === 'subtree'
      ? { kind, path: '' }
      : kind === 'self'
        ? { kind, participantId: '' }
        : kind === 'all'
          ? everything
          : nowhere;
  if (kind === 'subtree' || kind === 'self') placeholderScopes.add(scope);
  return scope;
}

interface Executable<R> {
  execute(values: Record<string, unknown>): Promise<R>;
}

/**
 * A query built and prepared (drizzle's `prepare`) once per database handle and kind of scope, then
 * run with the caller's scope values and its own: drizzle took a tenth of a single read's time in a
 * worker's profile, mostly building the SQL. The conditions of this module put placeholders where
 * the scope's values go; the statement PostgreSQL receives is the same as when built for each call.
 */
export function preparedPerScope<D extends object, V extends Record<string, unknown>, R>(
  build: (db: D, scope: Scope) => Executable<R>,
): (db: D, scope: Scope, values: V) => Promise<R> {
  const prepared = new WeakMap<D, Map<Scope['kind'], Executable<R>>>();
  return (db, scope, values) => {
    let byKind = prepared.get(db);
    if (!byKind) {
      byKind = new Map();
      prepared.set(db, byKind);
    }
    let query = byKind.get(scope.kind);
    if (!query) {
      query = build(db, placeholderScope(scope.kind));
      byKind.set(scope.kind, query);
    }
    return query.execute({ ...values, ...scopeValues(scope) });
  };
}

/** Condition that an organisation path lies in the scope. */
export function pathInScope(scope: Scope, pathColumn: PgColumn | SQL): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'self' || scope.kind === 'none') return nothing;
  return sql`${pathColumn} like ${subtreePattern(scope)}`;
}

/** Condition that an organisation id column points into the scope. */
export function organisationInScope(scope: Scope, organisationIdColumn: PgColumn): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'self' || scope.kind === 'none') return nothing;
  return sql`${organisationIdColumn} in (select ${organisations.id} from ${organisations} where ${organisations.path} like ${subtreePattern(scope)})`;
}

/** Condition for records that belong to a participant: a participant sees only their own. */
export function participantInScope(
  scope: Scope,
  participantIdColumn: PgColumn,
  organisationIdColumn: PgColumn,
): SQL | undefined {
  if (scope.kind === 'self') return sql`${participantIdColumn} = ${selfId(scope)}`;
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
    return sql`${cohortIdColumn} in (select e.cohort_id from enrolments e where e.participant_id = ${selfId(scope)})`;
  }
  return sql`${cohortIdColumn} in (select c.id from cohorts c join ${organisations} o on o.id = c.organisation_id where o.path like ${subtreePattern(scope)})`;
}

/** Condition for an enrolment: by its cohort, and for a participant only their own. */
export function enrolmentInScope(
  scope: Scope,
  participantIdColumn: PgColumn,
  cohortIdColumn: PgColumn,
): SQL | undefined {
  if (scope.kind === 'self') return sql`${participantIdColumn} = ${selfId(scope)}`;
  return cohortInScope(scope, cohortIdColumn);
}
