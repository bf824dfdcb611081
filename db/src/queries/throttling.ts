import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { rateLimits, signInAttempts } from '../schema/throttling';

const milliseconds = (ms: number) => sql`(${ms}::double precision * interval '1 millisecond')`;

/**
 * Counts `by` requests (one, or a block a process reserves ahead) against a key in a fixed window
 * of `windowMs`, in one statement: a new or expired window starts at `by`. Answers the count so
 * far and how long the window still runs.
 */
export async function countRequest(
  db: Database,
  key: string,
  windowMs: number,
  by = 1,
): Promise<{ hits: number; ttlMs: number }> {
  const expired = sql`${rateLimits.resetsAt} <= now()`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, hits: by, resetsAt: sql`now() + ${milliseconds(windowMs)}` })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits: sql`case when ${expired} then excluded.hits else ${rateLimits.hits} + excluded.hits end`,
        resetsAt: sql`case when ${expired} then excluded.resets_at else ${rateLimits.resetsAt} end`,
      },
    })
    .returning({
      hits: rateLimits.hits,
      ttlMs: sql<number>`ceil(extract(epoch from ${rateLimits.resetsAt} - now()) * 1000)::int`,
    });
  if (!row) throw new Error('rate limit upsert returned nothing');
  return row;
}

/**
 * Takes the sign-in record of a key for this transaction (made when absent), so that attempts
 * with the same key wait for one another, and answers its failures (forgotten after
 * `forgetAfterMs` without one) and how long attempts must still wait.
 */
export async function lockSignInAttempts(
  db: Database,
  key: string,
  forgetAfterMs: number,
): Promise<{ failures: number; waitMs: number }> {
  const [row] = await db
    .insert(signInAttempts)
    .values({ key })
    .onConflictDoUpdate({
      target: signInAttempts.key,
      set: {
        failures: sql`case when ${signInAttempts.lastFailureAt} < now() - ${milliseconds(forgetAfterMs)} then 0 else ${signInAttempts.failures} end`,
      },
    })
    .returning({
      failures: signInAttempts.failures,
      waitMs: sql<number>`coalesce(greatest(0, ceil(extract(epoch from ${signInAttempts.blockedUntil} - now()) * 1000)), 0)::int`,
    });
  if (!row) throw new Error('sign-in record upsert returned nothing');
  return row;
}

/** Counts a failed sign-in for an account in a window of `windowMs`; answers the failures in it. */
export async function countAccountFailure(db: Database, key: string, windowMs: number): Promise<number> {
  const expired = sql`${signInAttempts.firstFailureAt} is null or ${signInAttempts.firstFailureAt} <= now() - ${milliseconds(windowMs)}`;
  const [row] = await db
    .insert(signInAttempts)
    .values({ key, failures: 1, firstFailureAt: sql`now()`, lastFailureAt: sql`now()` })
    .onConflictDoUpdate({
      target: signInAttempts.key,
      set: {
        failures: sql`case when ${expired} then 1 else ${signInAttempts.failures} + 1 end`,
        firstFailureAt: sql`case when ${expired} then now() else ${signInAttempts.firstFailureAt} end`,
        lastFailureAt: sql`now()`,
      },
    })
    .returning({ failures: signInAttempts.failures });
  return row?.failures ?? 1;
}

/** Records a failed sign-in on a (locked) record: its new count and how long the next attempt waits. */
export async function recordSignInFailure(db: Database, key: string, failures: number, waitMs: number): Promise<void> {
  await db
    .update(signInAttempts)
    .set({
      failures,
      lastFailureAt: sql`now()`,
      blockedUntil: waitMs > 0 ? sql`now() + ${milliseconds(waitMs)}` : null,
    })
    .where(eq(signInAttempts.key, key));
}

export async function clearSignInAttempts(db: Database, key: string): Promise<void> {
  await db.delete(signInAttempts).where(eq(signInAttempts.key, key));
}

/** Removes counters nobody needs any more: windows that have passed, failures long forgotten. */
export async function pruneThrottling(db: Database, forgetAfterMs: number): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.resetsAt, sql`now()`));
  await db
    .delete(signInAttempts)
    .where(
      and(
        or(
          isNull(signInAttempts.lastFailureAt),
          lt(signInAttempts.lastFailureAt, sql`now() - ${milliseconds(forgetAfterMs)}`),
        ),
        or(isNull(signInAttempts.blockedUntil), lt(signInAttempts.blockedUntil, sql`now()`)),
      ),
    );
}
