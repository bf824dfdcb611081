import { and, count, eq, gte, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { mboxSha1sumOf } from '../agents';
import type { Database } from '../connect';
import { enrolments } from '../schema/enrolments';
import { organisations } from '../schema/organisations';
import { participantCounts, participants } from '../schema/participants';
import { likePattern, type Page, type PageParams, planPage } from './pagination';
import { organisationInScope, organisationWithin, participantInScope, preparedPerScope, type Scope } from './scope';
import { atVersion, nextVersion } from './versioned';

export type ParticipantRow = typeof participants.$inferSelect;
export type ParticipantValues = Omit<
  typeof participants.$inferInsert,
  'id' | 'createdAt' | 'updatedAt' | 'version' | 'erasedAt' | 'mboxSha1sum'
>;

export interface ParticipantFilter {
  /** An organisation: the participants of it and of everything under it. */
  organisationId?: string | undefined;
  q?: string | undefined;
  /** Changed at or after this moment: for incremental sync. */
  updatedSince?: Date | undefined;
}

export const participantSortable = {
  familyName: participants.familyName,
  givenName: participants.givenName,
  email: participants.email,
  createdAt: participants.createdAt,
  updatedAt: participants.updatedAt,
};

function filterConditions(scope: Scope, filter: ParticipantFilter): SQL | undefined {
  const pattern = filter.q ? likePattern(filter.q) : undefined;
  return and(
    participantInScope(scope, participants.id, participants.organisationId),
    filter.organisationId ? organisationWithin(filter.organisationId, participants.organisationId) : undefined,
    filter.updatedSince ? gte(participants.updatedAt, filter.updatedSince) : undefined,
    pattern
      ? or(
          ilike(participants.givenName, pattern),
          ilike(participants.familyName, pattern),
          ilike(participants.email, pattern),
          ilike(
            sql`${participants.givenName} || ' ' || coalesce(${participants.nameInfix} || ' ', '') || ${participants.familyName}`,
            pattern,
          ),
        )
      : undefined,
  );
}

export async function listParticipants(
  db: Database,
  params: { scope: Scope; filter: ParticipantFilter; page: PageParams; withTotal?: boolean },
): Promise<Page<ParticipantRow>> {
  const where = filterConditions(params.scope, params.filter);
  const plan = planPage(params.page, participantSortable, participants.id);
  const rows = await db
    .select()
    .from(participants)
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  // Exports read page after page and need no count.
  if (params.withTotal === false) return { ...plan.finish(rows), total: -1 };
  return { ...plan.finish(rows), total: await countParticipants(db, params.scope, params.filter, where) };
}

/**
 * The total of a list. Filtered by no more than scope and organisation it is the sum of the
 * per-organisation counters, exact and a few hundred rows to read; a search or a sync filter
 * counts the matching rows.
 */
async function countParticipants(db: Database, scope: Scope, filter: ParticipantFilter, where: SQL | undefined) {
  if (filter.q || filter.updatedSince || scope.kind === 'self') {
    const [total] = await db.select({ n: count() }).from(participants).where(where);
    return total?.n ?? 0;
  }
  const [total] = await db
    .select({ n: sql<number>`coalesce(sum(${participantCounts.participants}), 0)::int` })
    .from(participantCounts)
    .where(
      and(
        organisationInScope(scope, participantCounts.organisationId),
        filter.organisationId ? organisationWithin(filter.organisationId, participantCounts.organisationId) : undefined,
      ),
    );
  return total?.n ?? 0;
}

const participantById = preparedPerScope((db: Database, scope) =>
  db
    .select()
    .from(participants)
    .where(
      and(
        eq(participants.id, sql.placeholder('id')),
        participantInScope(scope, participants.id, participants.organisationId),
      ),
    )
    // PostgreSQL's unnamed statement, as for every other query: parsed and planned with each call's values.
    .prepare(''),
);

export async function findParticipant(db: Database, scope: Scope, id: string): Promise<ParticipantRow | undefined> {
  const [row] = await participantById(db, scope, { id });
  return row;
}

export async function findParticipantByEmail(db: Database, email: string): Promise<ParticipantRow | undefined> {
  const [row] = await db.select().from(participants).where(sql`lower(${participants.email}) = lower(${email})`);
  return row;
}

/** The people with these email addresses (any case), in one query. */
export async function findParticipantsByEmails(db: Database, emails: string[]): Promise<ParticipantRow[]> {
  if (emails.length === 0) return [];
  return db
    .select()
    .from(participants)
    .where(
      inArray(
        sql`lower(${participants.email})`,
        emails.map((e) => e.toLowerCase()),
      ),
    );
}

/** These participants in the caller's scope, each with the path of their workplace, in one query. */
export async function findParticipantsWithPath(
  db: Database,
  scope: Scope,
  ids: string[],
): Promise<Array<ParticipantRow & { organisationPath: string }>> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ participant: participants, organisationPath: organisations.path })
    .from(participants)
    .innerJoin(organisations, eq(organisations.id, participants.organisationId))
    .where(and(inArray(participants.id, ids), participantInScope(scope, participants.id, participants.organisationId)));
  return rows.map((r) => ({ ...r.participant, organisationPath: r.organisationPath }));
}

export async function insertParticipant(db: Database, values: ParticipantValues): Promise<ParticipantRow> {
  const [row] = await db
    .insert(participants)
    .values({ ...values, mboxSha1sum: mboxSha1sumOf(values.email) })
    .returning();
  if (!row) throw new Error('participant insert returned nothing');
  return row;
}

/** Updates at the given version; undefined when the version no longer matches. */
export async function updateParticipant(
  db: Database,
  current: ParticipantRow,
  changes: Partial<ParticipantValues>,
): Promise<ParticipantRow | undefined> {
  const [row] = await db
    .update(participants)
    .set({
      ...changes,
      ...(changes.email === undefined ? {} : { mboxSha1sum: mboxSha1sumOf(changes.email) }),
      version: nextVersion(participants),
    })
    .where(atVersion(participants, current))
    .returning();
  return row;
}

export async function countParticipantDependants(db: Database, id: string): Promise<{ enrolments: number }> {
  const [result] = await db.select({ n: count() }).from(enrolments).where(eq(enrolments.participantId, id));
  return { enrolments: result?.n ?? 0 };
}

export async function deleteParticipant(db: Database, current: ParticipantRow): Promise<boolean> {
  const deleted = await db
    .delete(participants)
    .where(atVersion(participants, current))
    .returning({ id: participants.id });
  return deleted.length === 1;
}

/**
 * Gives the participants stored before Loket kept mbox_sha1sums theirs (SQL has no SHA-1 to do it in
 * the migration); after that first run it finds none.
 */
export async function fillMboxSha1sums(db: Database): Promise<void> {
  for (;;) {
    const missing = await db
      .select({ id: participants.id, email: participants.email })
      .from(participants)
      .where(isNull(participants.mboxSha1sum))
      .limit(1000);
    for (const person of missing) {
      await db
        .update(participants)
        .set({ mboxSha1sum: mboxSha1sumOf(person.email) })
        .where(eq(participants.id, person.id));
    }
    if (missing.length < 1000) return;
  }
}
