import { and, asc, count, desc, eq, getTableColumns, gte, inArray, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { type CohortStatus, cohorts } from '../schema/cohorts';
import { type EnrolmentStatus, enrolments, moduleProgress, type ProgressStatus } from '../schema/enrolments';
import { organisations } from '../schema/organisations';
import { participants } from '../schema/participants';
import { modules, programmeVersions } from '../schema/programmes';
import { attendance, sessions } from '../schema/sessions';
import { users } from '../schema/users';
import { anyOf, namedQuery, namedStatement } from './named';
import { type Page, type PageParams, planPage } from './pagination';
import { moduleLaunchUrl } from './programmes';
import { enrolmentInScope, type Scope } from './scope';
import { atVersion, nextVersion } from './versioned';

export type EnrolmentRow = typeof enrolments.$inferSelect;
export type ProgressRow = typeof moduleProgress.$inferSelect;

/** An enrolment with what a list or a detail view shows of its person and cohort. */
export interface EnrolmentView extends EnrolmentRow {
  givenName: string;
  nameInfix: string | null;
  familyName: string;
  email: string;
  participantOrganisationId: string;
  cohortName: string;
  cohortStatus: CohortStatus;
  organisationPath: string;
}

const enrolmentView = {
  id: enrolments.id,
  cohortId: enrolments.cohortId,
  participantId: enrolments.participantId,
  status: enrolments.status,
  invitedAt: enrolments.invitedAt,
  activatedAt: enrolments.activatedAt,
  completedAt: enrolments.completedAt,
  withdrawnAt: enrolments.withdrawnAt,
  createdAt: enrolments.createdAt,
  updatedAt: enrolments.updatedAt,
  version: enrolments.version,
  givenName: participants.givenName,
  nameInfix: participants.nameInfix,
  familyName: participants.familyName,
  email: participants.email,
  participantOrganisationId: participants.organisationId,
  cohortName: cohorts.name,
  cohortStatus: cohorts.status,
  organisationPath: organisations.path,
};

export interface EnrolmentFilter {
  cohortId?: string | undefined;
  participantId?: string | undefined;
  status?: EnrolmentStatus | undefined;
  updatedSince?: Date | undefined;
}

export const enrolmentSortable = {
  familyName: participants.familyName,
  status: enrolments.status,
  createdAt: enrolments.createdAt,
  updatedAt: enrolments.updatedAt,
};

function baseQuery(db: Database) {
  return db
    .select(enrolmentView)
    .from(enrolments)
    .innerJoin(participants, eq(participants.id, enrolments.participantId))
    .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .innerJoin(organisations, eq(organisations.id, cohorts.organisationId));
}

function enrolmentConditions(scope: Scope, f: EnrolmentFilter): SQL | undefined {
  return and(
    enrolmentInScope(scope, enrolments.participantId, enrolments.cohortId),
    f.cohortId ? eq(enrolments.cohortId, f.cohortId) : undefined,
    f.participantId ? eq(enrolments.participantId, f.participantId) : undefined,
    f.status ? eq(enrolments.status, f.status) : undefined,
    f.updatedSince ? gte(enrolments.updatedAt, f.updatedSince) : undefined,
  );
}

export async function listEnrolments(
  db: Database,
  params: { scope: Scope; filter: EnrolmentFilter; page: PageParams; withTotal?: boolean },
): Promise<Page<EnrolmentView>> {
  const where = enrolmentConditions(params.scope, params.filter);
  const plan = planPage(params.page, enrolmentSortable, enrolments.id);
  const rows = await baseQuery(db)
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  // Exports read page after page and need no count.
  if (params.withTotal === false) return { ...plan.finish(rows), total: -1 };
  const [total] = await db
    .select({ n: count() })
    .from(enrolments)
    .innerJoin(participants, eq(participants.id, enrolments.participantId))
    .where(where);
  return { ...plan.finish(rows), total: total?.n ?? 0 };
}

/**
 * Every enrolment that matches, unpaged: for work that must see all of them (a whole cohort, a
 * batch just inserted), where a page size would cut some off without a word. By family name, or
 * newest first.
 */
export async function listAllEnrolments(
  db: Database,
  params: { scope: Scope; filter: EnrolmentFilter; ids?: string[]; newestFirst?: boolean },
): Promise<EnrolmentView[]> {
  if (params.ids?.length === 0) return [];
  return baseQuery(db)
    .where(
      and(
        enrolmentConditions(params.scope, params.filter),
        params.ids ? inArray(enrolments.id, params.ids) : undefined,
      ),
    )
    .orderBy(
      ...(params.newestFirst
        ? [desc(enrolments.createdAt), asc(enrolments.id)]
        : [asc(participants.familyName), asc(enrolments.id)]),
    );
}

export async function findEnrolment(
  db: Database,
  scope: Scope,
  id: string,
  lock = false,
): Promise<EnrolmentView | undefined> {
  const query = baseQuery(db).where(
    and(eq(enrolments.id, id), enrolmentInScope(scope, enrolments.participantId, enrolments.cohortId)),
  );
  const [row] = lock ? await query.for('update', { of: enrolments }) : await query;
  return row;
}

/** Which of these people are enrolled in the cohort already: one query for a whole import. */
export async function findEnrolmentsInCohort(db: Database, cohortId: string, participantIds: string[]) {
  if (participantIds.length === 0) return [];
  return db
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.cohortId, cohortId), inArray(enrolments.participantId, participantIds)));
}

/** Enrols people in a cohort with a not-started progress record per chosen module. */
export async function insertEnrolments(
  db: Database,
  rows: Array<{ cohortId: string; participantId: string; status?: EnrolmentStatus }>,
  moduleIds: string[],
): Promise<EnrolmentRow[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insert(enrolments).values(rows).returning();
  const progress = inserted.flatMap((e) => moduleIds.map((moduleId) => ({ enrolmentId: e.id, moduleId })));
  for (let i = 0; i < progress.length; i += 1000) await db.insert(moduleProgress).values(progress.slice(i, i + 1000));
  return inserted;
}

export async function updateEnrolment(
  db: Database,
  current: EnrolmentRow,
  changes: Partial<Omit<EnrolmentRow, 'id' | 'version' | 'createdAt'>>,
): Promise<EnrolmentRow | undefined> {
  const [row] = await db
    .update(enrolments)
    .set({ ...changes, version: nextVersion(enrolments) })
    .where(atVersion(enrolments, current))
    .returning();
  return row;
}

const updateStatuses = namedStatement<{ id: string }>(
  'update_enrolment_statuses',
  sql`update ${enrolments} set status = v.status, activated_at = v.activated_at, completed_at = v.completed_at,
        version = ${enrolments.version} + 1, updated_at = clock_timestamp()
      from jsonb_to_recordset(${sql.placeholder('rows')}::jsonb)
        as v(id uuid, version integer, status text, activated_at timestamptz, completed_at timestamptz)
      where ${enrolments.id} = v.id and ${enrolments.version} = v.version
      returning ${enrolments.id}`,
);

/**
 * New statuses for several enrolments in one statement, each only at the version it was read at:
 * answers whether every one was written (false when another change came first).
 */
export async function updateEnrolmentStatuses(
  db: Database,
  changes: Array<{
    current: { id: string; version: number };
    status: EnrolmentStatus;
    activatedAt: Date | null;
    completedAt: Date | null;
  }>,
): Promise<boolean> {
  if (changes.length === 0) return true;
  const written = await updateStatuses(db, {
    rows: JSON.stringify(
      changes.map((change) => ({
        id: change.current.id,
        version: change.current.version,
        status: change.status,
        activated_at: change.activatedAt,
        completed_at: change.completedAt,
      })),
    ),
  });
  return written.length === changes.length;
}

export interface ProgressView extends ProgressRow {
  code: string;
  title: string;
  position: number;
  estimatedMinutes: number;
  launchUrl: string | null;
  /** Who recorded it by hand, when someone did (null once their account is gone). */
  byHandName: string | null;
}

const progressOfEnrolmentsQuery = namedQuery('progress_of_enrolments', (db) =>
  db
    .select({
      progress: moduleProgress,
      code: modules.code,
      title: modules.title,
      position: modules.position,
      estimatedMinutes: modules.estimatedMinutes,
      launchUrl: moduleLaunchUrl,
      byHandName: users.displayName,
    })
    .from(moduleProgress)
    .innerJoin(modules, eq(modules.id, moduleProgress.moduleId))
    .leftJoin(users, eq(users.id, moduleProgress.byHandUserId))
    .where(anyOf(moduleProgress.enrolmentId, 'enrolmentIds', 'uuid'))
    .orderBy(asc(modules.position)),
);

export async function progressOfEnrolments(db: Database, enrolmentIds: string[]): Promise<ProgressView[]> {
  if (enrolmentIds.length === 0) return [];
  const rows = await progressOfEnrolmentsQuery(db, { enrolmentIds });
  return rows.map(({ progress, ...module }) => ({ ...progress, ...module }));
}

export async function findProgress(db: Database, enrolmentId: string, moduleCode: string, lock = false) {
  const query = db
    .select({ progress: moduleProgress, code: modules.code, title: modules.title, position: modules.position })
    .from(moduleProgress)
    .innerJoin(modules, eq(modules.id, moduleProgress.moduleId))
    .where(and(eq(moduleProgress.enrolmentId, enrolmentId), eq(modules.code, moduleCode)));
  const [row] = lock ? await query.for('update', { of: moduleProgress }) : await query;
  return row ? { ...row.progress, code: row.code, title: row.title, position: row.position } : undefined;
}

export async function updateProgress(
  db: Database,
  current: ProgressRow,
  changes: {
    status: ProgressStatus;
    startedAt: Date | null;
    completedAt: Date | null;
    score: string | null;
    byHandReason?: string | null;
    byHandUserId?: string | null;
    byHandAt?: Date | null;
  },
): Promise<ProgressRow | undefined> {
  const [row] = await db
    .update(moduleProgress)
    .set({ ...changes, version: nextVersion(moduleProgress) })
    .where(atVersion(moduleProgress, current))
    .returning();
  return row;
}

const attendanceOfEnrolmentsQuery = namedQuery('attendance_of_enrolments', (db) =>
  db
    .select()
    .from(attendance)
    .where(anyOf(attendance.enrolmentId, 'enrolmentIds', 'uuid')),
);

export async function attendanceOfEnrolments(db: Database, enrolmentIds: string[]) {
  if (enrolmentIds.length === 0) return [];
  return attendanceOfEnrolmentsQuery(db, { enrolmentIds });
}

const sessionsOfCohortsQuery = namedQuery('sessions_of_cohorts', (db) =>
  db
    .select({ ...getTableColumns(sessions), locationName: organisations.name })
    .from(sessions)
    .leftJoin(organisations, eq(organisations.id, sessions.locationOrganisationId))
    .where(anyOf(sessions.cohortId, 'cohortIds', 'uuid'))
    .orderBy(asc(sessions.startsAt), asc(sessions.sequence)),
);

/** The meetings of cohorts, each with the name of the library or branch where it is held. */
export async function sessionsOfCohorts(db: Database, cohortIds: string[]) {
  if (cohortIds.length === 0) return [];
  return sessionsOfCohortsQuery(db, { cohortIds });
}

const completionRulesOfCohortsQuery = namedQuery('completion_rules_of_cohorts', (db) =>
  db
    .select({ cohortId: cohorts.id, rule: programmeVersions.completionRule })
    .from(cohorts)
    .innerJoin(programmeVersions, eq(programmeVersions.id, cohorts.programmeVersionId))
    .where(anyOf(cohorts.id, 'cohortIds', 'uuid')),
);

/** The completion rule each cohort's programme version sets. */
export async function completionRulesOfCohorts(db: Database, cohortIds: string[]) {
  if (cohortIds.length === 0) return [];
  return completionRulesOfCohortsQuery(db, { cohortIds });
}
