import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { storableInstant } from '../bounds';
import type { Database } from '../connect';
import { type CohortStatus, cohortModules, cohorts } from '../schema/cohorts';
import { enrolments, moduleProgress, type ProgressStatus } from '../schema/enrolments';
import { organisations } from '../schema/organisations';
import { participants } from '../schema/participants';
import { modules } from '../schema/programmes';
import { xapiActivities, xapiAgentLinks, xapiAttachments, xapiDocuments, xapiStatements } from '../schema/xapi';
import { copyableQuery, csvInstant, csvText } from './csv-copy';
import { cursorInteger, decodeCursor, encodeCursor, InvalidCursorError } from './pagination';
import type { Scope } from './scope';

export type XapiStatementRow = typeof xapiStatements.$inferSelect;
export type XapiStatementValues = Omit<typeof xapiStatements.$inferInsert, 'sequence' | 'createdAt'>;

/**
 * Whose statements a caller may read: the linked statements of the participants in its scope, and
 * of the statements no participant is linked to, those it stored itself (the whole country's for
 * a caller that sees everything).
 */
export interface StatementAccess {
  scope: Scope;
  /** The caller's credentials as stored in `stored_by`. */
  storedBy: string;
}

function statementInScope(access: StatementAccess): SQL | undefined {
  const { scope } = access;
  if (scope.kind === 'all') return undefined;
  const own = and(isNull(xapiStatements.participantId), eq(xapiStatements.storedBy, access.storedBy));
  if (scope.kind === 'none') return own;
  if (scope.kind === 'self') return or(eq(xapiStatements.participantId, scope.participantId), own);
  return or(
    sql`${xapiStatements.participantId} in (select p.id from ${participants} p join ${organisations} o on o.id = p.organisation_id where o.path like ${`${scope.path}%`})`,
    own,
  );
}

/** A statement is voided when it is no voiding statement itself and a voiding statement names it. */
const voided = sql`(${xapiStatements.voidsId} is null and exists (select 1 from ${xapiStatements} v where v.voids_id = ${xapiStatements.id}))`;

export interface XapiStatementFilter {
  /** An agent's key: statements it is actor or object of, or (with relatedAgents) named anywhere in. */
  agentKey?: string | undefined;
  relatedAgents?: boolean;
  verb?: string | undefined;
  activityIri?: string | undefined;
  relatedActivities?: boolean;
  registration?: string | undefined;
  /** Stored after this moment (exclusive). */
  since?: Date | undefined;
  /** Stored at or before this moment (inclusive). */
  until?: Date | undefined;
}

/**
 * Stores statements; answers the ids that were new (the others were stored already), each with
 * whether a voiding statement stored before it voids it already.
 */
export async function insertXapiStatements(
  db: Database,
  rows: XapiStatementValues[],
): Promise<Map<string, { voided: boolean }>> {
  if (rows.length === 0) return new Map();
  // In id order, so that two batches sharing statements take their locks in the same order.
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const inserted = await db
    .insert(xapiStatements)
    .values(sorted)
    .onConflictDoNothing({ target: xapiStatements.id })
    .returning({
      id: xapiStatements.id,
      // Qualified by hand: in RETURNING drizzle names columns unqualified, which the subquery would take as its own.
      voided: sql<boolean>`exists (select 1 from ${xapiStatements} v where v.voids_id = ${sql.raw('"xapi_statements"."id"')})`,
    });
  return new Map(inserted.map((row) => [row.id, { voided: row.voided }]));
}

/** Stored statements by id, whoever may read them: to compare a statement sent again with the one kept. */
export async function findXapiStatementsById(db: Database, ids: string[]): Promise<XapiStatementRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(xapiStatements).where(inArray(xapiStatements.id, ids));
}

/** One statement the caller may read, voided or not as asked. */
export async function findXapiStatement(
  db: Database,
  access: StatementAccess,
  id: string,
  wantVoided: boolean,
): Promise<XapiStatementRow | undefined> {
  const [row] = await db
    .select()
    .from(xapiStatements)
    .where(and(eq(xapiStatements.id, id), statementInScope(access), wantVoided ? voided : sql`not ${voided}`));
  return row;
}

interface StoredPosition {
  storedAt: Date;
  sequence: number;
}

/** Statements are read in the order they were stored; their cursor is the list cursor of that order. */
const storedOrder = 'stored,sequence';

const encodePosition = (row: { storedAt: Date; sequence: number }) =>
  encodeCursor(storedOrder, [row.storedAt.toISOString(), row.sequence]);

function decodePosition(cursor: string): StoredPosition {
  const [stored, sequence] = decodeCursor(cursor, storedOrder, 2);
  const storedAt = new Date(String(stored));
  if (!storableInstant(storedAt) || !cursorInteger(sequence)) throw new InvalidCursorError();
  return { storedAt, sequence };
}

function afterPosition(cursor: string | undefined, ascending: boolean): SQL | undefined {
  if (!cursor) return undefined;
  const { storedAt, sequence } = decodePosition(cursor);
  const beyond = ascending ? gt : lt;
  // The bound on stored_at alone is what the index can range over; the OR only settles ties.
  return and(
    (ascending ? gte : lte)(xapiStatements.storedAt, storedAt),
    or(
      beyond(xapiStatements.storedAt, storedAt),
      and(eq(xapiStatements.storedAt, storedAt), beyond(xapiStatements.sequence, sequence)),
    ),
  );
}

/** The conditions on a statement's own columns. */
function ownConditions(f: XapiStatementFilter, table: string): SQL | undefined {
  const column = (name: string) => sql.raw(`${table}.${name}`);
  return and(
    f.agentKey
      ? f.relatedAgents
        ? sql`${column('related_agent_keys')} @> array[${f.agentKey}]::text[]`
        : sql`(${column('actor_key')} = ${f.agentKey} or ${column('object_agent_key')} = ${f.agentKey})`
      : undefined,
    f.verb ? sql`${column('verb')} = ${f.verb}` : undefined,
    f.activityIri
      ? f.relatedActivities
        ? sql`${column('related_activity_iris')} @> array[${f.activityIri}]::text[]`
        : sql`${column('activity_iri')} = ${f.activityIri}`
      : undefined,
    f.registration ? sql`${column('registration')} = ${f.registration}` : undefined,
  );
}

/** The statement a StatementRef object names; only a well-formed id is cast, so no stored statement can break a query. */
const refTarget = sql`(case when ${xapiStatements.statement}->'object'->>'id' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then (${xapiStatements.statement}->'object'->>'id')::uuid end)`;

/**
 * Statements the caller may read that match the filters, newest stored first unless ascending;
 * keyset-paged on (stored, sequence). Voided statements are left out, but a statement that refers
 * to a matching statement matches too (xAPI's rule for StatementRefs), whatever its own columns say.
 */
type StatementListParams = {
  access: StatementAccess;
  filter: XapiStatementFilter;
  ascending: boolean;
  limit: number;
  cursor?: string | undefined;
};

/** Which statements a list shows: in scope, not voided, matching the filters, after the cursor. */
function listConditions(params: StatementListParams): SQL | undefined {
  const f = params.filter;
  const own = ownConditions(f, 'xapi_statements');
  const targets = ownConditions(f, 't');
  // Only statements whose object is a StatementRef point at another; the others match on their own columns.
  const matching = own
    ? or(
        own,
        sql`(${xapiStatements.statement}->'object'->>'objectType' = 'StatementRef' and exists (select 1 from ${xapiStatements} t where t.id = ${refTarget} and ${targets}))`,
      )
    : undefined;
  return and(
    statementInScope(params.access),
    sql`not ${voided}`,
    matching,
    f.since ? gt(xapiStatements.storedAt, f.since) : undefined,
    f.until ? lte(xapiStatements.storedAt, f.until) : undefined,
    afterPosition(params.cursor, params.ascending),
  );
}

/**
 * Statements the caller may read that match the filters, newest stored first unless ascending;
 * keyset-paged on (stored, sequence). Voided statements are left out, but a statement that refers
 * to a matching statement matches too (xAPI's rule for StatementRefs), whatever its own columns say.
 */
export async function listXapiStatements(
  db: Database,
  params: StatementListParams,
): Promise<{ rows: XapiStatementRow[]; nextCursor: string | null }> {
  const order = params.ascending ? asc : desc;
  const found = await db
    .select()
    .from(xapiStatements)
    .where(listConditions(params))
    .orderBy(order(xapiStatements.storedAt), order(xapiStatements.sequence))
    .limit(params.limit + 1);
  const rows = found.slice(0, params.limit);
  const last = rows[rows.length - 1];
  return { rows, nextCursor: found.length > params.limit && last ? encodePosition(last) : null };
}

/**
 * The same list with only the columns an export writes, the statement as the text PostgreSQL
 * keeps (not parsed into objects only to be written out again).
 */
export async function listXapiStatementsForExport(db: Database, params: StatementListParams) {
  const order = params.ascending ? asc : desc;
  const found = await db
    .select({
      id: xapiStatements.id,
      participantId: xapiStatements.participantId,
      verb: xapiStatements.verb,
      activityIri: xapiStatements.activityIri,
      registration: xapiStatements.registration,
      timestamp: xapiStatements.timestamp,
      storedAt: xapiStatements.storedAt,
      sequence: xapiStatements.sequence,
      statement: sql<string>`${xapiStatements.statement}::text`,
    })
    .from(xapiStatements)
    .where(listConditions(params))
    .orderBy(order(xapiStatements.storedAt), order(xapiStatements.sequence))
    .limit(params.limit + 1);
  const rows = found.slice(0, params.limit);
  const last = rows[rows.length - 1];
  return { rows, nextCursor: found.length > params.limit && last ? encodePosition(last) : null };
}

/**
 * The export's query for `COPY (…) TO STDOUT … CSV HEADER`: in scope, not voided, stored after
 * `since`, oldest stored first, with the columns and header names of the CSV.
 */
export function xapiStatementsCopyQuery(access: StatementAccess, since: Date | undefined): string {
  const s = xapiStatements;
  return copyableQuery(
    sql`select ${csvText(sql`${s.id}::text`)} as "id", ${csvText(sql`${s.participantId}::text`)} as "participantId",
          ${csvText(s.verb)} as "verb", ${csvText(s.activityIri)} as "activityIri",
          ${csvText(sql`${s.registration}::text`)} as "registration", ${csvInstant(s.timestamp)} as "timestamp",
          ${csvInstant(s.storedAt)} as "storedAt", ${csvText(sql`${s.statement}::text`)} as "statement"
        from ${s}
        where ${listConditions({ access, filter: { since }, ascending: true, limit: 0 })}
        order by ${s.storedAt}, ${s.sequence}`,
  );
}

/** Stores attachment contents; one already stored under its hash stays as it is. */
export async function insertXapiAttachments(
  db: Database,
  attachments: Array<{ sha2: string; contentType: string; content: Buffer }>,
): Promise<void> {
  if (attachments.length === 0) return;
  const sorted = [...attachments].sort((a, b) => (a.sha2 < b.sha2 ? -1 : 1));
  await db.insert(xapiAttachments).values(sorted).onConflictDoNothing({ target: xapiAttachments.sha2 });
}

export async function findXapiAttachments(db: Database, hashes: string[]) {
  if (hashes.length === 0) return [];
  return db.select().from(xapiAttachments).where(inArray(xapiAttachments.sha2, hashes));
}

/** The stored definitions of these activities. */
export async function findXapiActivities(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(xapiActivities).where(inArray(xapiActivities.id, ids));
}

/** Writes activity definitions, in id order so that concurrent batches lock them in the same order. */
export async function saveXapiActivities(
  db: Database,
  activities: Array<{ id: string; definition: Record<string, unknown> }>,
): Promise<void> {
  if (activities.length === 0) return;
  const sorted = [...activities].sort((a, b) => (a.id < b.id ? -1 : 1));
  await db
    .insert(xapiActivities)
    .values(sorted)
    .onConflictDoUpdate({ target: xapiActivities.id, set: { definition: sql`excluded.definition` } });
}

export async function findXapiActivity(db: Database, id: string) {
  const [row] = await db.select().from(xapiActivities).where(eq(xapiActivities.id, id));
  return row;
}

/** How the actors of a batch are known, each way a participant can be named. */
export interface AgentLookup {
  /** Keys an admin linked. */
  agentKeys: string[];
  participantIds: string[];
  emails: string[];
  mboxSha1sums: string[];
}

/**
 * The participants (not erased) these identities name, each with the workplace path their scope
 * is checked on: those an admin linked to one of the keys (`agentKey` set), and those the
 * accounts, addresses and hashes name. One query for a whole batch.
 */
export async function findParticipantsForAgents(db: Database, lookup: AgentLookup) {
  const named = [
    lookup.participantIds.length > 0 ? inArray(participants.id, lookup.participantIds) : undefined,
    lookup.emails.length > 0 ? inArray(sql`lower(${participants.email})`, lookup.emails) : undefined,
    lookup.mboxSha1sums.length > 0 ? inArray(participants.mboxSha1sum, lookup.mboxSha1sums) : undefined,
  ].filter((condition): condition is SQL => condition !== undefined);
  const columns = {
    id: participants.id,
    email: participants.email,
    mboxSha1sum: participants.mboxSha1sum,
    organisationPath: organisations.path,
  };
  const people = db
    .select({ ...columns, agentKey: sql<string | null>`null::text`.as('agent_key') })
    .from(participants)
    .innerJoin(organisations, eq(organisations.id, participants.organisationId))
    .where(and(isNull(participants.erasedAt), named.length > 0 ? or(...named) : sql`false`));
  const linked = db
    .select({ ...columns, agentKey: sql<string | null>`${xapiAgentLinks.agentKey}`.as('agent_key') })
    .from(xapiAgentLinks)
    .innerJoin(participants, eq(participants.id, xapiAgentLinks.participantId))
    .innerJoin(organisations, eq(organisations.id, participants.organisationId))
    .where(
      and(
        lookup.agentKeys.length > 0 ? inArray(xapiAgentLinks.agentKey, lookup.agentKeys) : sql`false`,
        isNull(participants.erasedAt),
      ),
    );
  const rows = await unionAll(people, linked);
  return {
    people: rows.filter((row) => row.agentKey === null),
    links: rows.flatMap((row) => (row.agentKey === null ? [] : [{ ...row, agentKey: row.agentKey }])),
  };
}

/** An enrolment whose cohort follows a module, with the progress row it keeps for it. */
export interface ModuleEnrolment {
  enrolmentId: string;
  participantId: string;
  enrolmentStatus: string;
  enrolmentCreatedAt: Date;
  cohortStatus: CohortStatus;
  organisationPath: string;
  moduleId: string;
  moduleCode: string;
  activityIri: string;
  progressId: string;
}

/**
 * Every enrolment of these people in a cohort that follows one of these activities' modules. Their
 * enrolments are found first, by the participant index: a plan that starts from the modules reads
 * every enrolment of every cohort that follows them (seconds on a national dataset whose statistics
 * are stale).
 */
export async function findModuleEnrolments(
  db: Database,
  participantIds: string[],
  activityIris: string[],
): Promise<ModuleEnrolment[]> {
  if (participantIds.length === 0 || activityIris.length === 0) return [];
  const theirs = await db
    .select({ id: enrolments.id })
    .from(enrolments)
    .where(inArray(enrolments.participantId, participantIds));
  if (theirs.length === 0) return [];
  return db
    .select({
      enrolmentId: enrolments.id,
      participantId: enrolments.participantId,
      enrolmentStatus: enrolments.status,
      enrolmentCreatedAt: enrolments.createdAt,
      cohortStatus: cohorts.status,
      organisationPath: organisations.path,
      moduleId: modules.id,
      moduleCode: modules.code,
      activityIri: modules.activityIri,
      progressId: moduleProgress.id,
    })
    .from(enrolments)
    .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .innerJoin(organisations, eq(organisations.id, cohorts.organisationId))
    .innerJoin(moduleProgress, eq(moduleProgress.enrolmentId, enrolments.id))
    .innerJoin(modules, eq(modules.id, moduleProgress.moduleId))
    .innerJoin(
      cohortModules,
      and(eq(cohortModules.cohortId, enrolments.cohortId), eq(cohortModules.moduleId, modules.id)),
    )
    .where(
      and(
        inArray(
          enrolments.id,
          theirs.map((e) => e.id),
        ),
        inArray(modules.activityIri, activityIris),
      ),
    );
}

export interface ProgressState {
  id: string;
  enrolmentId: string;
  moduleId: string;
  status: ProgressStatus;
  startedAt: Date | null;
  completedAt: Date | null;
  score: string | null;
}

/**
 * Locks these enrolments and then these progress rows, each in id order: every writer of progress
 * takes an enrolment before its progress, so concurrent batches about the same people wait instead
 * of deadlocking. The cohorts follow in lockCohortsOf, for the rows that change only.
 */
export async function lockProgress(db: Database, enrolmentIds: string[], progressIds: string[]) {
  if (progressIds.length === 0) return [];
  const ids = [...new Set(progressIds)];
  if (enrolmentIds.length > 0) {
    await db
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(inArray(enrolments.id, [...new Set(enrolmentIds)]))
      .orderBy(asc(enrolments.id))
      .for('update');
  }
  const rows = await db
    .select({
      id: moduleProgress.id,
      enrolmentId: moduleProgress.enrolmentId,
      moduleId: moduleProgress.moduleId,
      status: moduleProgress.status,
      startedAt: moduleProgress.startedAt,
      completedAt: moduleProgress.completedAt,
      score: moduleProgress.score,
    })
    .from(moduleProgress)
    .where(inArray(moduleProgress.id, ids))
    .orderBy(asc(moduleProgress.id))
    .for('update');
  return rows as ProgressState[];
}

/**
 * Locks the cohorts of these progress rows, in a fixed order, until the transaction ends: writing
 * progress updates the report counters of its cohort (triggers), rows that batches about other
 * people of the same cohorts share, and without one order two batches lock those counters
 * crosswise. Taken after the batch's own rows (a batch waiting here holds nothing another batch
 * needs) and only for the rows it is about to change: a batch that changes nothing, or little,
 * does not queue behind every other batch about its cohorts.
 */
export async function lockCohortsOf(db: Database, progressIds: string[]) {
  if (progressIds.length === 0) return;
  const ids = [...new Set(progressIds)];
  await db.execute(sql`select count(pg_advisory_xact_lock(s.key)) from (
      select distinct hashtextextended(${enrolments.cohortId}::text, 0) as key
        from ${moduleProgress} join ${enrolments} on ${enrolments.id} = ${moduleProgress.enrolmentId}
       where ${moduleProgress.id} in ${ids}
       order by 1) s`);
}

/** Writes new progress for several modules in one statement. */
export async function writeProgress(db: Database, changes: ProgressState[]): Promise<void> {
  if (changes.length === 0) return;
  const values = JSON.stringify(
    changes.map((c) => ({
      id: c.id,
      status: c.status,
      started_at: c.startedAt?.toISOString() ?? null,
      completed_at: c.completedAt?.toISOString() ?? null,
      score: c.score,
    })),
  );
  await db.execute(sql`update ${moduleProgress} set
      status = v.status,
      started_at = v.started_at,
      completed_at = v.completed_at,
      score = v.score,
      version = ${moduleProgress.version} + 1,
      updated_at = clock_timestamp()
    from jsonb_to_recordset(${values}::jsonb) as v(id uuid, status text, started_at timestamptz, completed_at timestamptz, score numeric)
    where ${moduleProgress.id} = v.id`);
}

/** Statements not linked to anyone, grouped by actor: what an admin may link to a participant. */
export async function listUnlinkedActors(db: Database, params: { limit: number; offset: number }) {
  const rows = await db
    .select({
      actorKey: xapiStatements.actorKey,
      statements: sql<number>`count(*)::int`.mapWith(Number),
      firstStoredAt: sql<Date>`min(${xapiStatements.storedAt})`.mapWith((v) => new Date(v as string)),
      lastStoredAt: sql<Date>`max(${xapiStatements.storedAt})`.mapWith((v) => new Date(v as string)),
      actor: sql<
        Record<string, unknown>
      >`(array_agg(${xapiStatements.statement}->'actor' order by ${xapiStatements.storedAt} desc))[1]`,
    })
    .from(xapiStatements)
    .where(isNull(xapiStatements.participantId))
    .groupBy(xapiStatements.actorKey)
    .orderBy(desc(sql`max(${xapiStatements.storedAt})`), asc(xapiStatements.actorKey))
    .limit(params.limit)
    .offset(params.offset);
  const [total] = await db
    .select({ n: sql<number>`count(distinct ${xapiStatements.actorKey})::int`.mapWith(Number) })
    .from(xapiStatements)
    .where(isNull(xapiStatements.participantId));
  return { rows, total: total?.n ?? 0 };
}

/** Links an actor identity to a participant, for the statements stored and those to come; answers the statements linked. */
export async function linkXapiAgent(db: Database, agentKey: string, participantId: string) {
  await db
    .insert(xapiAgentLinks)
    .values({ agentKey, participantId })
    .onConflictDoUpdate({ target: xapiAgentLinks.agentKey, set: { participantId } });
  // Their state and agent profiles follow them too (scope, erasure).
  await db
    .update(xapiDocuments)
    .set({ participantId })
    .where(and(eq(xapiDocuments.agentKey, agentKey), isNull(xapiDocuments.participantId)));
  return db
    .update(xapiStatements)
    .set({ participantId })
    .where(and(eq(xapiStatements.actorKey, agentKey), isNull(xapiStatements.participantId)))
    .returning();
}

export async function findXapiAgentLink(db: Database, agentKey: string) {
  const [row] = await db.select().from(xapiAgentLinks).where(eq(xapiAgentLinks.agentKey, agentKey));
  return row;
}

/** Which of these statements a stored voiding statement voids. */
export async function voidedStatementIds(db: Database, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: xapiStatements.voidsId })
    .from(xapiStatements)
    .where(inArray(xapiStatements.voidsId, ids));
  return new Set(rows.flatMap((row) => (row.id ? [row.id] : [])));
}
