import { and, asc, count, eq, gte, inArray, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { type CohortPhase, type CohortStatus, cohortFacilitators, cohortModules, cohorts } from '../schema/cohorts';
import { enrolments } from '../schema/enrolments';
import { organisations } from '../schema/organisations';
import { modules, programmes, programmeVersions } from '../schema/programmes';
import { users } from '../schema/users';
import { anyOf, namedQuery } from './named';
import { likePattern, type Page, type PageParams, planPage } from './pagination';
import { cohortInScope, organisationWithin, type Scope } from './scope';
import { atVersion, nextVersion } from './versioned';

export type CohortRow = typeof cohorts.$inferSelect;
export type CohortValues = Omit<typeof cohorts.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'version'>;
export type CohortWithPath = CohortRow & { organisationPath: string; organisationName: string };

export interface CohortFilter {
  organisationId?: string | undefined;
  status?: CohortStatus | undefined;
  phase?: CohortPhase | undefined;
  programmeVersionId?: string | undefined;
  q?: string | undefined;
  /** Changed at or after this moment: for incremental sync. */
  updatedSince?: Date | undefined;
}

export const cohortSortable = {
  name: cohorts.name,
  startsOn: cohorts.startsOn,
  status: cohorts.status,
  createdAt: cohorts.createdAt,
  updatedAt: cohorts.updatedAt,
};

function conditions(scope: Scope, filter: CohortFilter): SQL | undefined {
  return and(
    cohortInScope(scope, cohorts.id),
    filter.organisationId ? organisationWithin(filter.organisationId, cohorts.organisationId) : undefined,
    filter.status ? eq(cohorts.status, filter.status) : undefined,
    filter.updatedSince ? gte(cohorts.updatedAt, filter.updatedSince) : undefined,
    filter.phase ? eq(cohorts.phase, filter.phase) : undefined,
    filter.programmeVersionId ? eq(cohorts.programmeVersionId, filter.programmeVersionId) : undefined,
    filter.q ? sql`${cohorts.name} ilike ${likePattern(filter.q)}` : undefined,
  );
}

export async function listCohorts(
  db: Database,
  params: { scope: Scope; filter: CohortFilter; page: PageParams },
): Promise<Page<CohortRow>> {
  const where = conditions(params.scope, params.filter);
  const plan = planPage(params.page, cohortSortable, cohorts.id);
  const rows = await db
    .select()
    .from(cohorts)
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  const [total] = await db.select({ n: count() }).from(cohorts).where(where);
  return { ...plan.finish(rows), total: total?.n ?? 0 };
}

export async function findCohort(
  db: Database,
  scope: Scope,
  id: string,
  lock = false,
): Promise<CohortWithPath | undefined> {
  const query = db
    .select({ cohort: cohorts, organisationPath: organisations.path, organisationName: organisations.name })
    .from(cohorts)
    .innerJoin(organisations, eq(organisations.id, cohorts.organisationId))
    .where(and(eq(cohorts.id, id), cohortInScope(scope, cohorts.id)));
  const [row] = lock ? await query.for('update', { of: cohorts }) : await query;
  return row
    ? { ...row.cohort, organisationPath: row.organisationPath, organisationName: row.organisationName }
    : undefined;
}

export async function insertCohort(db: Database, values: CohortValues): Promise<CohortRow> {
  const [row] = await db.insert(cohorts).values(values).returning();
  if (!row) throw new Error('cohort insert returned nothing');
  return row;
}

export async function updateCohort(
  db: Database,
  current: CohortRow,
  changes: Partial<CohortValues>,
): Promise<CohortRow | undefined> {
  const [row] = await db
    .update(cohorts)
    .set({ ...changes, version: nextVersion(cohorts) })
    .where(atVersion(cohorts, current))
    .returning();
  return row;
}

export async function deleteCohort(db: Database, current: CohortRow): Promise<boolean> {
  const deleted = await db.delete(cohorts).where(atVersion(cohorts, current)).returning({ id: cohorts.id });
  return deleted.length === 1;
}

export async function replaceCohortModules(db: Database, cohortId: string, moduleIds: string[]): Promise<void> {
  await db.delete(cohortModules).where(eq(cohortModules.cohortId, cohortId));
  if (moduleIds.length > 0)
    await db.insert(cohortModules).values(moduleIds.map((moduleId) => ({ cohortId, moduleId })));
}

export async function replaceCohortFacilitators(db: Database, cohortId: string, userIds: string[]): Promise<void> {
  await db.delete(cohortFacilitators).where(eq(cohortFacilitators.cohortId, cohortId));
  if (userIds.length > 0) await db.insert(cohortFacilitators).values(userIds.map((userId) => ({ cohortId, userId })));
}

export interface CohortModuleRow {
  cohortId: string;
  id: string;
  code: string;
  title: string;
  position: number;
}

const modulesOfCohortsQuery = namedQuery('modules_of_cohorts', (db) =>
  db
    .select({
      cohortId: cohortModules.cohortId,
      id: modules.id,
      code: modules.code,
      title: modules.title,
      position: modules.position,
    })
    .from(cohortModules)
    .innerJoin(modules, eq(modules.id, cohortModules.moduleId))
    .where(anyOf(cohortModules.cohortId, 'cohortIds', 'uuid'))
    .orderBy(asc(modules.position)),
);

export async function modulesOfCohorts(db: Database, cohortIds: string[]): Promise<CohortModuleRow[]> {
  if (cohortIds.length === 0) return [];
  return modulesOfCohortsQuery(db, { cohortIds });
}

export async function facilitatorsOfCohorts(db: Database, cohortIds: string[]) {
  if (cohortIds.length === 0) return [];
  return db
    .select({ cohortId: cohortFacilitators.cohortId, id: users.id, displayName: users.displayName })
    .from(cohortFacilitators)
    .innerJoin(users, eq(users.id, cohortFacilitators.userId))
    .where(inArray(cohortFacilitators.cohortId, cohortIds));
}

export async function isCohortFacilitator(db: Database, cohortId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(cohortFacilitators)
    .where(and(eq(cohortFacilitators.cohortId, cohortId), eq(cohortFacilitators.userId, userId)));
  return (row?.n ?? 0) > 0;
}

/** The modules of a programme version, by code. */
export async function modulesOfVersion(db: Database, programmeVersionId: string) {
  return db
    .select({ id: modules.id, code: modules.code, title: modules.title, position: modules.position })
    .from(modules)
    .where(eq(modules.programmeVersionId, programmeVersionId))
    .orderBy(asc(modules.position));
}

export async function countCohortEnrolments(db: Database, cohortId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(enrolments).where(eq(enrolments.cohortId, cohortId));
  return row?.n ?? 0;
}

/** The programme and version a cohort runs: what its certificates name. */
export async function programmeOfCohort(db: Database, cohortId: string) {
  const [row] = await db
    .select({
      programmeId: programmes.id,
      programmeVersionId: programmeVersions.id,
      code: programmes.code,
      name: programmes.name,
      summary: programmeVersions.summary,
      versionNumber: programmeVersions.number,
    })
    .from(cohorts)
    .innerJoin(programmeVersions, eq(programmeVersions.id, cohorts.programmeVersionId))
    .innerJoin(programmes, eq(programmes.id, programmeVersions.programmeId))
    .where(eq(cohorts.id, cohortId));
  return row;
}
