import { and, count, eq, gte, inArray, lt, lte, max, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { cohorts } from '../schema/cohorts';
import { enrolments } from '../schema/enrolments';
import { organisations } from '../schema/organisations';
import { participants } from '../schema/participants';
import {
  type AttendanceStatus,
  attendance,
  type SessionState,
  type SessionType,
  sessionFacilitators,
  sessions,
} from '../schema/sessions';
import { type Page, type PageParams, planPage } from './pagination';
import { cohortInScope, enrolmentInScope, type Scope } from './scope';
import { atVersion, nextVersion } from './versioned';

export type SessionRow = typeof sessions.$inferSelect;
export type SessionValues = Omit<typeof sessions.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'version'>;
export type SessionWithCohort = SessionRow & {
  cohortStatus: string;
  cohortEndsOn: string;
  cohortStartsOn: string;
  organisationPath: string;
  organisationId: string;
};

export interface SessionFilter {
  cohortId?: string | undefined;
  status?: SessionState | undefined;
  type?: SessionType | undefined;
  /** True: meetings that have not ended yet; false: those that have. */
  upcoming?: boolean | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Changed at or after this moment: for incremental sync. */
  updatedSince?: Date | undefined;
}

/** A scheduled meeting has taken place once attendance was recorded or its end passed. */
export const tookPlace = sql`(${sessions.endsAt} <= now() or exists (select 1 from ${attendance} where ${attendance.sessionId} = ${sessions.id}))`;

function stateIs(state: SessionState): SQL | undefined {
  if (state === 'cancelled') return eq(sessions.status, 'cancelled');
  return and(eq(sessions.status, 'scheduled'), state === 'held' ? tookPlace : sql`not ${tookPlace}`);
}

/** The meetings among these that have taken place, as the list of them shows it (`held`). */
export async function sessionsTakenPlace(db: Database, sessionIds: string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(inArray(sessions.id, sessionIds), tookPlace));
  return new Set(rows.map((row) => row.id));
}

export const sessionSortable = {
  startsAt: sessions.startsAt,
  createdAt: sessions.createdAt,
  updatedAt: sessions.updatedAt,
};

export async function listSessions(
  db: Database,
  params: { scope: Scope; filter: SessionFilter; page: PageParams },
): Promise<Page<SessionRow>> {
  const f = params.filter;
  const where: SQL | undefined = and(
    cohortInScope(params.scope, sessions.cohortId),
    f.cohortId ? eq(sessions.cohortId, f.cohortId) : undefined,
    f.status ? stateIs(f.status) : undefined,
    f.upcoming === undefined
      ? undefined
      : f.upcoming
        ? sql`${sessions.endsAt} > now()`
        : lte(sessions.endsAt, sql`now()`),
    f.updatedSince ? gte(sessions.updatedAt, f.updatedSince) : undefined,
    f.type ? eq(sessions.type, f.type) : undefined,
    f.from ? gte(sessions.startsAt, f.from) : undefined,
    f.to ? lt(sessions.startsAt, f.to) : undefined,
  );
  const plan = planPage(params.page, sessionSortable, sessions.id);
  const rows = await db
    .select()
    .from(sessions)
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  const [total] = await db.select({ n: count() }).from(sessions).where(where);
  return { ...plan.finish(rows), total: total?.n ?? 0 };
}

export async function findSession(
  db: Database,
  scope: Scope,
  id: string,
  lock = false,
): Promise<SessionWithCohort | undefined> {
  const query = db
    .select({
      session: sessions,
      cohortStatus: cohorts.status,
      cohortStartsOn: cohorts.startsOn,
      cohortEndsOn: cohorts.endsOn,
      organisationPath: organisations.path,
      organisationId: cohorts.organisationId,
    })
    .from(sessions)
    .innerJoin(cohorts, eq(cohorts.id, sessions.cohortId))
    .innerJoin(organisations, eq(organisations.id, cohorts.organisationId))
    .where(and(eq(sessions.id, id), cohortInScope(scope, sessions.cohortId)));
  const [row] = lock ? await query.for('update', { of: sessions }) : await query;
  return row
    ? {
        ...row.session,
        cohortStatus: row.cohortStatus,
        cohortStartsOn: row.cohortStartsOn,
        cohortEndsOn: row.cohortEndsOn,
        organisationPath: row.organisationPath,
        organisationId: row.organisationId,
      }
    : undefined;
}

export async function insertSessions(db: Database, values: SessionValues[]): Promise<SessionRow[]> {
  if (values.length === 0) return [];
  return db.insert(sessions).values(values).returning();
}

export async function nextSessionSequence(db: Database, cohortId: string): Promise<number> {
  const [row] = await db
    .select({ n: max(sessions.sequence) })
    .from(sessions)
    .where(eq(sessions.cohortId, cohortId));
  return (row?.n ?? 0) + 1;
}

export async function updateSession(
  db: Database,
  current: SessionRow,
  changes: Partial<SessionValues>,
): Promise<SessionRow | undefined> {
  const [row] = await db
    .update(sessions)
    .set({ ...changes, version: nextVersion(sessions) })
    .where(atVersion(sessions, current))
    .returning();
  return row;
}

/** The facilitators of each of the given meetings, in one query. */
export async function facilitatorsOfSessions(db: Database, sessionIds: string[]): Promise<Map<string, string[]>> {
  const bySession = new Map<string, string[]>(sessionIds.map((id) => [id, []]));
  if (sessionIds.length === 0) return bySession;
  const rows = await db
    .select({ sessionId: sessionFacilitators.sessionId, userId: sessionFacilitators.userId })
    .from(sessionFacilitators)
    .where(inArray(sessionFacilitators.sessionId, sessionIds));
  for (const row of rows) bySession.get(row.sessionId)?.push(row.userId);
  return bySession;
}

export async function facilitatorsOfSession(db: Database, sessionId: string): Promise<string[]> {
  return (await facilitatorsOfSessions(db, [sessionId])).get(sessionId) ?? [];
}

export async function replaceSessionFacilitators(db: Database, sessionId: string, userIds: string[]): Promise<void> {
  await db.delete(sessionFacilitators).where(eq(sessionFacilitators.sessionId, sessionId));
  if (userIds.length > 0) await db.insert(sessionFacilitators).values(userIds.map((userId) => ({ sessionId, userId })));
}

export async function attendanceOfSession(db: Database, sessionId: string) {
  return db.select().from(attendance).where(eq(attendance.sessionId, sessionId));
}

export interface AttendanceSheetRow {
  enrolmentId: string;
  participantName: string;
  status: AttendanceStatus | null;
  excuseWaived: boolean;
  recordedAt: Date | null;
}

/**
 * A meeting's attendance list: every enrolment of its cohort that lies in the scope (a
 * participant's only their own), with what was recorded for it, by family name.
 */
export async function attendanceSheet(db: Database, scope: Scope, sessionId: string): Promise<AttendanceSheetRow[]> {
  return db
    .select({
      enrolmentId: enrolments.id,
      participantName: sql<string>`concat_ws(' ', ${participants.givenName}, nullif(${participants.nameInfix}, ''), ${participants.familyName})`,
      status: attendance.status,
      excuseWaived: sql<boolean>`coalesce(${attendance.excuseWaived}, false)`,
      recordedAt: attendance.recordedAt,
    })
    .from(sessions)
    .innerJoin(enrolments, eq(enrolments.cohortId, sessions.cohortId))
    .innerJoin(participants, eq(participants.id, enrolments.participantId))
    .leftJoin(attendance, and(eq(attendance.sessionId, sessions.id), eq(attendance.enrolmentId, enrolments.id)))
    .where(and(eq(sessions.id, sessionId), enrolmentInScope(scope, enrolments.participantId, enrolments.cohortId)))
    .orderBy(participants.familyName, enrolments.id);
}

/** Replaces the whole attendance list of a meeting. */
export async function replaceAttendance(
  db: Database,
  sessionId: string,
  records: Array<{ enrolmentId: string; status: AttendanceStatus; excuseWaived: boolean }>,
  recordedByUserId: string | null,
) {
  await db.delete(attendance).where(eq(attendance.sessionId, sessionId));
  if (records.length === 0) return [];
  return db
    .insert(attendance)
    .values(records.map((r) => ({ ...r, sessionId, recordedByUserId, recordedAt: new Date() })))
    .returning();
}

export interface AttendanceExportRow {
  sessionId: string;
  enrolmentId: string;
  cohortId: string;
  cohortName: string;
  sessionType: string;
  sessionTitle: string;
  startsAt: Date;
  participantName: string;
  status: AttendanceStatus;
  excuseWaived: boolean;
  recordedAt: Date;
}

/** Attendance records in scope, keyset-paged on (session, enrolment) for exports. */
export async function listAttendanceRecords(
  db: Database,
  params: {
    scope: Scope;
    cohortId?: string | undefined;
    after?: { sessionId: string; enrolmentId: string } | undefined;
    limit: number;
  },
): Promise<AttendanceExportRow[]> {
  const after = params.after;
  return db
    .select({
      sessionId: attendance.sessionId,
      enrolmentId: attendance.enrolmentId,
      cohortId: sessions.cohortId,
      cohortName: cohorts.name,
      sessionType: sessions.type,
      sessionTitle: sessions.title,
      startsAt: sessions.startsAt,
      participantName: sql<string>`concat_ws(' ', ${participants.givenName}, ${participants.nameInfix}, ${participants.familyName})`,
      status: attendance.status,
      excuseWaived: attendance.excuseWaived,
      recordedAt: attendance.recordedAt,
    })
    .from(attendance)
    .innerJoin(sessions, eq(sessions.id, attendance.sessionId))
    .innerJoin(cohorts, eq(cohorts.id, sessions.cohortId))
    .innerJoin(enrolments, eq(enrolments.id, attendance.enrolmentId))
    .innerJoin(participants, eq(participants.id, enrolments.participantId))
    .where(
      and(
        enrolmentInScope(params.scope, enrolments.participantId, enrolments.cohortId),
        params.cohortId ? eq(sessions.cohortId, params.cohortId) : undefined,
        after
          ? sql`(${attendance.sessionId}, ${attendance.enrolmentId}) > (${after.sessionId}::uuid, ${after.enrolmentId}::uuid)`
          : undefined,
      ),
    )
    .orderBy(attendance.sessionId, attendance.enrolmentId)
    .limit(params.limit);
}
