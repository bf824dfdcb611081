import { and, eq } from 'drizzle-orm';
import type { Database } from '../connect';
import { idempotencyKeys } from '../schema/audit';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

/**
 * Claims a key inside the caller's transaction. A concurrent request with the same key waits on
 * the unique index until this transaction ends; returns undefined when the key was already used.
 */
export async function claimIdempotencyKey(
  db: Database,
  claim: { principal: string; key: string; method: string; path: string; requestHash: string },
): Promise<string | undefined> {
  const [row] = await db
    .insert(idempotencyKeys)
    .values(claim)
    .onConflictDoNothing({ target: [idempotencyKeys.principal, idempotencyKeys.key] })
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
