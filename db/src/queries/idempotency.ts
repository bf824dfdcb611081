import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { idempotencyKeys } from '../schema/audit';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

/** How long a key and its stored answer are kept, as payment APIs do: a day. */
export const idempotencyKeyLifetimeMs = 86_400_000;

/** Keys made before this moment (by the database's clock) have expired. */
const expiry = sql`now() - (${idempotencyKeyLifetimeMs}::int * interval '1 millisecond')`;

/**
 * Claims a key inside the caller's transaction. A concurrent request with the same key waits on
 * the unique index until this transaction ends; returns undefined when the key is in use. An
 * expired key is claimed afresh, as if it were new.
 */
export async function claimIdempotencyKey(
  db: Database,
  claim: { principal: string; key: string; method: string; path: string; requestHash: string },
): Promise<string | undefined> {
  const [row] = await db
    .insert(idempotencyKeys)
    .values(claim)
    .onConflictDoUpdate({
      target: [idempotencyKeys.principal, idempotencyKeys.key],
      set: {
        method: claim.method,
        path: claim.path,
        requestHash: claim.requestHash,
        statusCode: null,
        responseBody: null,
        createdAt: sql`now()`,
      },
      setWhere: lt(idempotencyKeys.createdAt, expiry),
    })
    .returning({ id: idempotencyKeys.id });
  return row?.id;
}

export async function findIdempotencyKey(
  db: Database,
  principal: string,
  key: string,
): Promise<IdempotencyRow | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
  return row;
}

export async function completeIdempotencyKey(
  db: Database,
  id: string,
  response: { statusCode: number; body: unknown },
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ statusCode: response.statusCode, responseBody: response.body })
    .where(eq(idempotencyKeys.id, id));
}

/** Deletes the keys that have expired; answers how many. */
export async function purgeExpiredIdempotencyKeys(db: Database): Promise<number> {
  const purged = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, expiry))
    .returning({ id: idempotencyKeys.id });
  return purged.length;
}
