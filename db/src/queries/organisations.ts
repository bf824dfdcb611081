import { and, asc, count, eq, gte, ilike, or, type SQL, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../connect';
import { cohorts } from '../schema/cohorts';
import { type OrganisationKind, organisations } from '../schema/organisations';
import { participants } from '../schema/participants';
import { users } from '../schema/users';
import { likePattern, type Page, type PageParams, planPage } from './pagination';
import { pathInScope, type Scope } from './scope';
import { atVersion, nextVersion } from './versioned';

export type OrganisationRow = typeof organisations.$inferSelect;
export type OrganisationValues = Omit<
  typeof organisations.$inferInsert,
  'id' | 'path' | 'createdAt' | 'updatedAt' | 'version'
>;

export interface OrganisationFilter {
  kind?: OrganisationKind | undefined;
  parentId?: string | undefined;
  within?: string | undefined;
  q?: string | undefined;
  /** Changed at or after this moment: for incremental sync. */
  updatedSince?: Date | undefined;
}

export const organisationSortable = {
  name: organisations.name,
  kind: organisations.kind,
  createdAt: organisations.createdAt,
  updatedAt: organisations.updatedAt,
};

function filterConditions(scope: Scope, filter: OrganisationFilter): SQL | undefined {
  const pattern = filter.q ? likePattern(filter.q) : undefined;
  return and(
    pathInScope(scope, organisations.path),
    filter.kind ? eq(organisations.kind, filter.kind) : undefined,
    filter.updatedSince ? gte(organisations.updatedAt, filter.updatedSince) : undefined,
    filter.parentId ? eq(organisations.parentId, filter.parentId) : undefined,
    filter.within
      ? sql`${organisations.path} like (select r.path from ${organisations} r where r.id = ${filter.within}) || '%'`
      : undefined,
    pattern
      ? or(
          ilike(organisations.name, pattern),
          ilike(organisations.shortName, pattern),
          ilike(organisations.city, pattern),
        )
      : undefined,
  );
}

export async function listOrganisations(
  db: Database,
  params: { scope: Scope; filter: OrganisationFilter; page: PageParams },
): Promise<Page<OrganisationRow>> {
  const where = filterConditions(params.scope, params.filter);
  const plan = planPage(params.page, organisationSortable, organisations.id);
  const rows = await db
    .select()
    .from(organisations)
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  const [total] = await db.select({ n: count() }).from(organisations).where(where);
  return { ...plan.finish(rows), total: total?.n ?? 0 };
}

/** Every organisation that matches, by name, unpaged: for checks against all of them (an import's branches). */
export async function listAllOrganisations(
  db: Database,
  params: { scope: Scope; filter: OrganisationFilter },
): Promise<OrganisationRow[]> {
  return db
    .select()
    .from(organisations)
    .where(filterConditions(params.scope, params.filter))
    .orderBy(asc(organisations.name), asc(organisations.id));
}

/** Finds an organisation in scope; `lock` holds it for the rest of the transaction. */
export async function findOrganisation(
  db: Database,
  scope: Scope,
  id: string,
  lock = false,
): Promise<OrganisationRow | undefined> {
  const query = db
    .select()
    .from(organisations)
    .where(and(eq(organisations.id, id), pathInScope(scope, organisations.path)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** Inserts an organisation under its parent (already checked by the caller), computing its path. */
export async function insertOrganisation(
  db: Database,
  values: OrganisationValues,
  parent: OrganisationRow | undefined,
): Promise<OrganisationRow> {
  const id = uuidv7();
  const path = `${parent?.path ?? '/'}${id}/`;
  const [row] = await db
    .insert(organisations)
    .values({ ...values, id, path, parentId: parent?.id ?? null })
    .returning();
  if (!row) throw new Error('organisation insert returned nothing');
  return row;
}

/**
 * Updates an organisation at the given version; a new parent moves its whole subtree.
 * Returns undefined when the version no longer matches.
 */
export async function updateOrganisation(
  db: Database,
  current: OrganisationRow,
  changes: Partial<OrganisationValues>,
  newParent: OrganisationRow | null | undefined,
): Promise<OrganisationRow | undefined> {
  const moving = newParent !== undefined && (newParent?.id ?? null) !== current.parentId;
  const path = moving ? `${newParent?.path ?? '/'}${current.id}/` : current.path;
  const [row] = await db
    .update(organisations)
    .set({ ...changes, path, version: nextVersion(organisations) })
    .where(atVersion(organisations, current))
    .returning();
  if (row && moving) {
    await db
      .update(organisations)
      .set({ path: sql`${path} || substring(${organisations.path} from ${current.path.length + 1}::int)` })
      .where(and(sql`${organisations.path} like ${`${current.path}%`}`, sql`${organisations.id} <> ${current.id}`));
  }
  return row;
}

export interface OrganisationDependants {
  children: number;
  participants: number;
  cohorts: number;
  users: number;
}

export async function countOrganisationDependants(db: Database, id: string): Promise<OrganisationDependants> {
  const [result] = await db
    .select({
      children: sql<number>`(select count(*) from ${organisations} where ${organisations.parentId} = ${id})::int`,
      participants: sql<number>`(select count(*) from ${participants} where ${participants.organisationId} = ${id})::int`,
      cohorts: sql<number>`(select count(*) from ${cohorts} where ${cohorts.organisationId} = ${id})::int`,
      users: sql<number>`(select count(*) from ${users} where ${users.organisationId} = ${id})::int`,
    })
    .from(sql`(select 1) as one`);
  return result ?? { children: 0, participants: 0, cohorts: 0, users: 0 };
}

export async function deleteOrganisation(db: Database, current: OrganisationRow): Promise<boolean> {
  const deleted = await db
    .delete(organisations)
    .where(atVersion(organisations, current))
    .returning({ id: organisations.id });
  return deleted.length === 1;
}
