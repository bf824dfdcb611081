import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { organisations } from '../schema/organisations';

/**
 * What part of the country a caller may see: everything, or one organisation's subtree
 * (identified by that organisation's materialised path).
 */
export type Scope = { kind: 'all' } | { kind: 'subtree'; path: string };

export const everything: Scope = { kind: 'all' };

/** Condition that an organisation path lies in the scope. */
export function pathInScope(scope: Scope, pathColumn: PgColumn | SQL): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  return sql`${pathColumn} like ${`${scope.path}%`}`;
}

/** Condition that an organisation id column points into the scope. */
export function organisationInScope(scope: Scope, organisationIdColumn: PgColumn): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  return sql`${organisationIdColumn} in (select ${organisations.id} from ${organisations} where ${organisations.path} like ${`${scope.path}%`})`;
}

/** Condition that an organisation id column points into the subtree rooted at another organisation. */
export function organisationWithin(rootId: string, organisationIdColumn: PgColumn): SQL {
  return sql`${organisationIdColumn} in (select d.id from ${organisations} d where d.path like (select r.path from ${organisations} r where r.id = ${rootId}) || '%')`;
}
