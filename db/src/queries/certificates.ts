import { and, count, desc, eq, gte, isNotNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { type CertificateSnapshot, certificateCounters, certificates, statusLists } from '../schema/certificates';
import { cohorts } from '../schema/cohorts';
import { enrolments } from '../schema/enrolments';
import { type Page, type PageParams, planPage } from './pagination';
import { enrolmentInScope, type Scope } from './scope';
import { atVersion, nextVersion } from './versioned';

export type CertificateRow = typeof certificates.$inferSelect;
export type StatusListRow = typeof statusLists.$inferSelect;

/**
 * The next number of the year. The counter row is locked until the transaction ends, so
 * concurrent issuers queue, and a rolled-back issue gives its number back: no gaps.
 */
export async function nextCertificateSequence(db: Database, year: number): Promise<number> {
  const [row] = await db
    .insert(certificateCounters)
    .values({ year, lastSequence: 1 })
    .onConflictDoUpdate({
      target: certificateCounters.year,
      set: { lastSequence: sql`${certificateCounters.lastSequence} + 1` },
    })
    .returning({ sequence: certificateCounters.lastSequence });
  if (!row) throw new Error('certificate counter returned nothing');
  return row.sequence;
}

/**
 * Takes a free index at a random place in the newest revocation list that is less than half full,
 * starting a new list when there is none: an index in order of issue would tell a verifier when a
 * certificate was issued (Bitstring Status List, "SHOULD be random"). Lists are filled to half their
 * size so that a free place is found in a try or two. The list row stays locked until the
 * transaction ends, so concurrent issuers queue; the unique (list, index) of certificates is the
 * backstop. `randomIndex(size)` answers a uniformly random integer below size.
 */
export async function allocateStatusIndex(
  db: Database,
  params: { size: number; randomIndex: (size: number) => number },
): Promise<{ statusListId: string; index: number }> {
  const [list] = await db
    .select({ id: statusLists.id, size: statusLists.size })
    .from(statusLists)
    .where(lt(sql`${statusLists.allocated} * 2`, statusLists.size))
    .orderBy(desc(statusLists.createdAt))
    .limit(1)
    .for('update');
  if (!list) {
    const [created] = await db.insert(statusLists).values({ size: params.size, allocated: 1 }).returning();
    if (!created) throw new Error('status list insert returned nothing');
    return { statusListId: created.id, index: params.randomIndex(created.size) };
  }
  for (;;) {
    const index = params.randomIndex(list.size);
    const [taken] = await db
      .select({ id: certificates.id })
      .from(certificates)
      .where(and(eq(certificates.statusListId, list.id), eq(certificates.statusListIndex, index)));
    if (taken) continue;
    await db
      .update(statusLists)
      .set({ allocated: sql`${statusLists.allocated} + 1` })
      .where(eq(statusLists.id, list.id));
    return { statusListId: list.id, index };
  }
}

export async function insertCertificate(
  db: Database,
  values: Omit<typeof certificates.$inferInsert, 'createdAt' | 'updatedAt' | 'version'>,
): Promise<CertificateRow> {
  const [row] = await db.insert(certificates).values(values).returning();
  if (!row) throw new Error('certificate insert returned nothing');
  return row;
}

/** Replaces Loket's stored copy of a certificate's signed credential (after re-signing it). */
export async function storeCertificateCredential(db: Database, id: string, credential: Record<string, unknown>) {
  await db.update(certificates).set({ credential }).where(eq(certificates.id, id));
}

/**
 * Certificates whose stored credential another issuer signed (an issuer id from before did:web, or
 * another PUBLIC_URL), or whose proof is not yet a list as 1EdTech's schema wants it.
 */
export async function certificatesToResign(db: Database, issuerId: string, limit: number): Promise<CertificateRow[]> {
  return (
    db
      .select()
      .from(certificates)
      .where(
        and(
          isNotNull(certificates.credential),
          or(
            ne(sql`${certificates.credential} -> 'issuer' ->> 'id'`, issuerId),
            sql`jsonb_typeof(${certificates.credential} -> 'proof') <> 'array'`,
          ),
        ),
      )
      .orderBy(certificates.id)
      .limit(limit)
      // Several processes may upgrade at once: each takes rows no other holds.
      .for('update', { skipLocked: true })
  );
}

const inScope = (scope: Scope) =>
  sql`${certificates.enrolmentId} in (select ${enrolments.id} from ${enrolments} where ${enrolmentInScope(scope, enrolments.participantId, enrolments.cohortId) ?? sql`true`})`;

export async function findCertificate(
  db: Database,
  scope: Scope,
  id: string,
  lock = false,
): Promise<CertificateRow | undefined> {
  const query = db
    .select()
    .from(certificates)
    .where(and(eq(certificates.id, id), inScope(scope)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function findCertificateOfEnrolment(
  db: Database,
  enrolmentId: string,
): Promise<CertificateRow | undefined> {
  const [row] = await db.select().from(certificates).where(eq(certificates.enrolmentId, enrolmentId));
  return row;
}

export async function findCertificateByCode(db: Database, code: string): Promise<CertificateRow | undefined> {
  const [row] = await db.select().from(certificates).where(eq(certificates.verificationCode, code));
  return row;
}

export interface CertificateFilter {
  enrolmentId?: string | undefined;
  cohortId?: string | undefined;
  libraryId?: string | undefined;
  revoked?: boolean | undefined;
  issuedFrom?: Date | undefined;
  issuedTo?: Date | undefined;
}

export const certificateSortable = { issuedAt: certificates.issuedAt, number: certificates.number };

export async function listCertificates(
  db: Database,
  params: { scope: Scope; filter: CertificateFilter; page: PageParams },
): Promise<Page<CertificateRow>> {
  const f = params.filter;
  const where: SQL | undefined = and(
    inScope(params.scope),
    f.enrolmentId ? eq(certificates.enrolmentId, f.enrolmentId) : undefined,
    f.cohortId
      ? sql`${certificates.enrolmentId} in (select ${enrolments.id} from ${enrolments} where ${enrolments.cohortId} = ${f.cohortId})`
      : undefined,
    f.libraryId
      ? sql`${certificates.enrolmentId} in (select ${enrolments.id} from ${enrolments} join ${cohorts} on ${cohorts.id} = ${enrolments.cohortId} where ${cohorts.organisationId} = ${f.libraryId})`
      : undefined,
    f.revoked === undefined
      ? undefined
      : f.revoked
        ? isNotNull(certificates.revokedAt)
        : sql`${certificates.revokedAt} is null`,
    f.issuedFrom ? gte(certificates.issuedAt, f.issuedFrom) : undefined,
    f.issuedTo ? lt(certificates.issuedAt, f.issuedTo) : undefined,
  );
  const plan = planPage(params.page, certificateSortable, certificates.id);
  const rows = await db
    .select()
    .from(certificates)
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  const [total] = await db.select({ n: count() }).from(certificates).where(where);
  return { ...plan.finish(rows), total: total?.n ?? 0 };
}

export async function revokeCertificate(db: Database, current: CertificateRow, reason: string, at: Date) {
  const [row] = await db
    .update(certificates)
    .set({ revokedAt: at, revocationReason: reason, updatedAt: at, version: nextVersion(certificates) })
    .where(atVersion(certificates, current))
    .returning();
  return row;
}

/** A status list; `lock` holds its row until the transaction ends, so its changes are signed one after another. */
export async function findStatusList(db: Database, id: string, lock = false): Promise<StatusListRow | undefined> {
  const query = db.select().from(statusLists).where(eq(statusLists.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** Stores a status list as the issuer signed it at its latest change; it is served as stored. */
export async function storeStatusListCredential(db: Database, id: string, credential: Record<string, unknown>) {
  await db.update(statusLists).set({ credential }).where(eq(statusLists.id, id));
}

/** Forgets the stored lists another issuer signed, so they are signed afresh when next asked for. */
export async function forgetStatusListsOfOtherIssuers(db: Database, issuerId: string): Promise<number> {
  const rows = await db
    .update(statusLists)
    .set({ credential: null })
    .where(and(isNotNull(statusLists.credential), ne(sql`${statusLists.credential} ->> 'issuer'`, issuerId)))
    .returning({ id: statusLists.id });
  return rows.length;
}

/** The revoked indexes of a status list. */
export async function revokedIndexes(db: Database, statusListId: string): Promise<number[]> {
  const rows = await db
    .select({ index: certificates.statusListIndex })
    .from(certificates)
    .where(and(eq(certificates.statusListId, statusListId), isNotNull(certificates.revokedAt)))
    .orderBy(desc(certificates.statusListIndex));
  return rows.map((r) => r.index).filter((i): i is number => i !== null);
}

export type { CertificateSnapshot };
