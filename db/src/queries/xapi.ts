import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { storableInstant } from '../bounds';
import type { Database } from '../connect';
import { type CohortStatus, cohortModules, cohorts } from '../schema/cohorts';
import { enrolments, moduleProgress, type ProgressStatus } from '../schema/enrolments';
import { organisations } from '../schema/organisations';
import { participants } from '../schema/participants';
import { modules } from '../schema/programmes';
import { xapiActivities, xapiAgentLinks, xapiAttachments, xapiDocuments, xapiStatements } from '../schema/xapi';
import { copyableQuery, csvInstant, csvText } from './csv-copy';
import { anyOf, epochMs, namedStatement } from './named';
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

const batchStart = namedStatement<{ at: number }>(
  'xapi_batch_start',
  sql`select ${epochMs(sql`clock_timestamp()`)} as at, set_config('plan_cache_mode', 'force_generic_plan', true) as plans`,
);

/**
 * Starts storing a batch inside its transaction. Answers the database's clock: the stamp of the
 * statements' `stored`, read after the transaction started, so never earlier than a watermark
 * handed out while it runs. And until the transaction ends, the named statements below run on their
 * generic plan: PostgreSQL kept planning them for each batch (a millisecond of a batch's time) for
 * plans no better than the generic one.
 */
export async function startStatementBatch(db: Database): Promise<Date> {
  const [row] = await batchStart(db, {});
  if (row?.at === undefined) throw new Error('the database answered no time');
  return new Date(row.at);
}

const insertStatements = namedStatement<{ id: string; voided: boolean }>(
  'xapi_insert_statements',
  sql`insert into ${xapiStatements} (id, participant_id, actor_key, verb, activity_iri, object_agent_key, registration,
        voids_id, related_agent_keys, related_activity_iris, stored_by, statement, "timestamp", stored_at)
      select v.* from jsonb_to_recordset(${sql.placeholder('rows')}::jsonb) as v(id uuid, participant_id uuid,
        actor_key text, verb text, activity_iri text, object_agent_key text, registration uuid, voids_id uuid,
        related_agent_keys text[], related_activity_iris text[], stored_by text, statement jsonb,
        "timestamp" timestamptz, stored_at timestamptz)
      order by v.id
      on conflict (id) do nothing
      returning id, exists (select 1 from ${xapiStatements} v where v.voids_id = ${xapiStatements}.id) as voided`,
);

/**
 * Stores statements; answers the ids that were new (the others were stored already), each with
 * whether a voiding statement stored before it voids it already. The rows go as one JSON value:
 * building 25 rows' 350 parameters took twelve times as long as writing them as JSON.
 */
export async function insertXapiStatements(
  db: Database,
  rows: XapiStatementValues[],
): Promise<Map<string, { voided: boolean }>> {
  if (rows.length === 0) return new Map();
  // In id order (order by v.id), so that two batches sharing statements take their locks in the same order.
  const inserted = await insertStatements(db, {
    rows: JSON.stringify(
      rows.map((row) => ({
        id: row.id,
        participant_id: row.participantId ?? null,
        actor_key: row.actorKey,
        verb: row.verb,
        activity_iri: row.activityIri ?? null,
        object_agent_key: row.objectAgentKey ?? null,
        registration: row.registration ?? null,
        voids_id: row.voidsId ?? null,
        related_agent_keys: row.relatedAgentKeys,
        related_activity_iris: row.relatedActivityIris,
        stored_by: row.storedBy,
        statement: row.statement,
        timestamp: row.timestamp,
        stored_at: row.storedAt ?? new Date(),
      })),
    ),
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

const participantsForAgents = namedStatement<{
  id: string;
  email: string;
  mboxSha1sum: string | null;
  organisationPath: string;
  agentKey: string | null;
}>(
  'xapi_participants_for_agents',
  // One branch per way of naming, each on its own index: in one OR, the generic plan reads the whole table.
  sql`with named as (
        select ${participants.id} from ${participants} where ${anyOf(participants.id, 'participantIds', 'uuid')}
        union select ${participants.id} from ${participants} where ${anyOf(sql`lower(${participants.email})`, 'emails', 'text')}
        union select ${participants.id} from ${participants} where ${anyOf(participants.mboxSha1sum, 'mboxSha1sums', 'text')})
    select ${participants.id} as id, ${participants.email} as email, ${participants.mboxSha1sum} as "mboxSha1sum",
        ${organisations.path} as "organisationPath", null::text as "agentKey"
      from named
      join ${participants} on ${participants.id} = named.id
      join ${organisations} on ${organisations.id} = ${participants.organisationId}
      where ${participants.erasedAt} is null
    union all
    select ${participants.id}, ${participants.email}, ${participants.mboxSha1sum}, ${organisations.path}, ${xapiAgentLinks.agentKey}
      from ${xapiAgentLinks}
      join ${participants} on ${participants.id} = ${xapiAgentLinks.participantId}
      join ${organisations} on ${organisations.id} = ${participants.organisationId}
      where ${anyOf(xapiAgentLinks.agentKey, 'agentKeys', 'text')} and ${participants.erasedAt} is null`,
);

/**
 * The participants (not erased) these identities name, each with the workplace path their scope
 * is checked on: those an admin linked to one of the keys (`agentKey` set), and those the
 * accounts, addresses and hashes name. One query for a whole batch.
 */
export async function findParticipantsForAgents(db: Database, lookup: AgentLookup) {
  const rows = await participantsForAgents(db, { ...lookup });
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

const moduleEnrolments = namedStatement<Omit<ModuleEnrolment, 'enrolmentCreatedAt'> & { enrolmentCreatedAt: number }>(
  'xapi_module_enrolments',
  sql`with theirs as materialized (
        select ${enrolments.id} as id from ${enrolments} where ${anyOf(enrolments.participantId, 'participantIds', 'uuid')})
      select ${enrolments.id} as "enrolmentId", ${enrolments.participantId} as "participantId",
        ${enrolments.status} as "enrolmentStatus", ${epochMs(enrolments.createdAt)} as "enrolmentCreatedAt",
        ${cohorts.status} as "cohortStatus", ${organisations.path} as "organisationPath", ${modules.id} as "moduleId",
        ${modules.code} as "moduleCode", ${modules.activityIri} as "activityIri", ${moduleProgress.id} as "progressId"
      from theirs
      join ${enrolments} on ${enrolments.id} = theirs.id
      join ${cohorts} on ${cohorts.id} = ${enrolments.cohortId}
      join ${organisations} on ${organisations.id} = ${cohorts.organisationId}
      join ${moduleProgress} on ${moduleProgress.enrolmentId} = ${enrolments.id}
      join ${modules} on ${modules.id} = ${moduleProgress.moduleId}
      join ${cohortModules} on ${cohortModules.cohortId} = ${enrolments.cohortId} and ${cohortModules.moduleId} = ${modules.id}
      where ${anyOf(modules.activityIri, 'activityIris', 'text')}`,
);

/**
 * Every enrolment of these people in a cohort that follows one of these activities' modules. Their
 * enrolments are found first (a materialised step), by the participant index: a plan that starts
 * from the modules reads every enrolment of every cohort that follows them (seconds on a national
 * dataset whose statistics are stale).
 */
export async function findModuleEnrolments(
  db: Database,
  participantIds: string[],
  activityIris: string[],
): Promise<ModuleEnrolment[]> {
  if (participantIds.length === 0 || activityIris.length === 0) return [];
  const rows = await moduleEnrolments(db, { participantIds, activityIris });
  return rows.map((row) => ({
    ...row,
    enrolmentCreatedAt: new Date(row.enrolmentCreatedAt),
  }));
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
  if (enrolmentIds.length > 0) await lockEnrolments(db, { ids: [...new Set(enrolmentIds)] });
  const rows = await lockProgressRows(db, { ids: [...new Set(progressIds)] });
  const instant = (ms: number | null) => (ms === null ? null : new Date(ms));
  return rows.map(
    (row): ProgressState => ({
      ...row,
      startedAt: instant(row.startedAt),
      completedAt: instant(row.completedAt),
    }),
  );
}

const lockEnrolments = namedStatement(
  'xapi_lock_enrolments',
  sql`select ${enrolments.id} from ${enrolments} where ${anyOf(enrolments.id, 'ids', 'uuid')} order by ${enrolments.id} for update`,
);

const lockProgressRows = namedStatement<
  Omit<ProgressState, 'startedAt' | 'completedAt'> & { startedAt: number | null; completedAt: number | null }
>(
  'xapi_lock_progress',
  sql`select ${moduleProgress.id} as id, ${moduleProgress.enrolmentId} as "enrolmentId", ${moduleProgress.moduleId} as "moduleId",
        ${moduleProgress.status} as status, ${epochMs(moduleProgress.startedAt)} as "startedAt",
        ${epochMs(moduleProgress.completedAt)} as "completedAt", ${moduleProgress.score}::text as score
      from ${moduleProgress} where ${anyOf(moduleProgress.id, 'ids', 'uuid')} order by ${moduleProgress.id} for update`,
);

const lockCohorts = namedStatement(
  'xapi_lock_cohorts',
  sql`select count(pg_advisory_xact_lock(s.key)) from (
      select distinct hashtextextended(${enrolments.cohortId}::text, 0) as key
        from ${moduleProgress} join ${enrolments} on ${enrolments.id} = ${moduleProgress.enrolmentId}
       where ${anyOf(moduleProgress.id, 'ids', 'uuid')}
       order by 1) s`,
);

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
  await lockCohorts(db, { ids: [...new Set(progressIds)] });
}

const updateProgress = namedStatement(
  'xapi_write_progress',
  sql`update ${moduleProgress} set
      status = v.status,
      started_at = v.started_at,
      completed_at = v.completed_at,
      score = v.score,
      version = ${moduleProgress.version} + 1,
      updated_at = clock_timestamp()
    from jsonb_to_recordset(${sql.placeholder('values')}::jsonb) as v(id uuid, status text, started_at timestamptz, completed_at timestamptz, score numeric)
    where ${moduleProgress.id} = v.id`,
);

/** Writes new progress for several modules in one statement. */
export async function writeProgress(db: Database, changes: ProgressState[]): Promise<void> {
  if (changes.length === 0) return;
  await updateProgress(db, {
    values: JSON.stringify(
      changes.map((c) => ({
        id: c.id,
        status: c.status,
        started_at: c.startedAt?.toISOString() ?? null,
        completed_at: c.completedAt?.toISOString() ?? null,
        score: c.score,
      })),
    ),
  });
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
