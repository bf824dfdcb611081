import { and, asc, desc, eq, gt, gte, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { storableInstant } from '../bounds';
import type { Database } from '../connect';
import { cohortModules, cohorts } from '../schema/cohorts';
import { enrolments, moduleProgress, type ProgressStatus, xapiStatements } from '../schema/enrolments';
import { participants } from '../schema/participants';
import { modules } from '../schema/programmes';
import { cursorInteger, InvalidCursorError } from './list';
import { participantInScope, type Scope } from './scope';

export type XapiStatementRow = typeof xapiStatements.$inferSelect;
export type XapiStatementValues = Omit<typeof xapiStatements.$inferInsert, 'sequence' | 'createdAt'>;

export interface XapiStatementFilter {
  participantId?: string | undefined;
  verb?: string | undefined;
  activityIri?: string | undefined;
  registration?: string | undefined;
  /** Stored after this moment (exclusive). */
  since?: Date | undefined;
  /** Stored at or before this moment (inclusive). */
  until?: Date | undefined;
}

/** Stores a statement; false when a statement with this id is already stored. */
export async function insertXapiStatement(db: Database, values: XapiStatementValues): Promise<boolean> {
  const inserted = await db
    .insert(xapiStatements)
    .values(values)
    .onConflictDoNothing({ target: xapiStatements.id })
    .returning({ id: xapiStatements.id });
  return inserted.length === 1;
}

export async function findXapiStatement(db: Database, scope: Scope, id: string): Promise<XapiStatementRow | undefined> {
  const [row] = await db
    .select({ statement: xapiStatements })
    .from(xapiStatements)
    .innerJoin(participants, eq(participants.id, xapiStatements.participantId))
    .where(
      and(
        eq(xapiStatements.id, id),
        participantInScope(scope, xapiStatements.participantId, participants.organisationId),
      ),
    );
  return row?.statement;
}

interface StoredPosition {
  storedAt: Date;
  sequence: number;
}

const encodePosition = (row: XapiStatementRow) =>
  Buffer.from(JSON.stringify([row.storedAt.toISOString(), row.sequence])).toString('base64url');

function decodePosition(cursor: string): StoredPosition {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(payload) || payload.length !== 2) throw new InvalidCursorError();
  const [stored, sequence] = payload as unknown[];
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

/** Statements in the caller's scope, newest stored first unless ascending; keyset-paged on (stored, sequence). */
export async function listXapiStatements(
  db: Database,
  params: {
    scope: Scope;
    filter: XapiStatementFilter;
    ascending: boolean;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ rows: XapiStatementRow[]; nextCursor: string | null }> {
  const f = params.filter;
  const order = params.ascending ? asc : desc;
  const query = db.select({ statement: xapiStatements }).from(xapiStatements).$dynamic();
  // Only a subtree scope needs the participant's workplace; the KB's exports skip a lookup per row.
  const scoped =
    params.scope.kind === 'subtree'
      ? query.innerJoin(participants, eq(participants.id, xapiStatements.participantId))
      : query;
  const found = await scoped
    .where(
      and(
        participantInScope(params.scope, xapiStatements.participantId, participants.organisationId),
        f.participantId ? eq(xapiStatements.participantId, f.participantId) : undefined,
        f.verb ? eq(xapiStatements.verb, f.verb) : undefined,
        f.activityIri ? eq(xapiStatements.activityIri, f.activityIri) : undefined,
        f.registration ? eq(xapiStatements.registration, f.registration) : undefined,
        f.since ? gt(xapiStatements.storedAt, f.since) : undefined,
        f.until ? lte(xapiStatements.storedAt, f.until) : undefined,
        afterPosition(params.cursor, params.ascending),
      ),
    )
    .orderBy(order(xapiStatements.storedAt), order(xapiStatements.sequence))
    .limit(params.limit + 1);
  const rows = found.slice(0, params.limit).map((r) => r.statement);
  const last = rows[rows.length - 1];
  return { rows, nextCursor: found.length > params.limit && last ? encodePosition(last) : null };
}

export async function isModuleActivity(db: Database, activityIri: string): Promise<boolean> {
  const [row] = await db.select({ id: modules.id }).from(modules).where(eq(modules.activityIri, activityIri)).limit(1);
  return row !== undefined;
}

export interface ActivityEnrolment {
  enrolmentId: string;
  moduleId: string;
  moduleCode: string;
  progress: ProgressStatus;
}

/**
 * The participant's enrolment whose cohort follows the module with this activity IRI: the one the
 * registration names when it names one of theirs, else one whose cohort runs, else the newest.
 */
export async function findEnrolmentForActivity(
  db: Database,
  params: { participantId: string; activityIri: string; registration?: string | undefined },
): Promise<ActivityEnrolment | undefined> {
  const named = params.registration ? [desc(sql`${enrolments.id} = ${params.registration}`)] : [];
  const [row] = await db
    .select({
      enrolmentId: enrolments.id,
      moduleId: modules.id,
      moduleCode: modules.code,
      progress: moduleProgress.status,
    })
    .from(enrolments)
    .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .innerJoin(cohortModules, eq(cohortModules.cohortId, enrolments.cohortId))
    .innerJoin(modules, eq(modules.id, cohortModules.moduleId))
    .innerJoin(
      moduleProgress,
      and(eq(moduleProgress.enrolmentId, enrolments.id), eq(moduleProgress.moduleId, modules.id)),
    )
    .where(and(eq(enrolments.participantId, params.participantId), eq(modules.activityIri, params.activityIri)))
    .orderBy(
      ...named,
      desc(sql`${cohorts.status} in ('running', 'evaluating')`),
      desc(enrolments.createdAt),
      asc(enrolments.id),
    )
    .limit(1);
  return row;
}
