import { type Database, purgeExpiredIdempotencyKeys } from '@loket/db';
import type { FastifyBaseLogger } from 'fastify';

/** How often what has outlived its retention is deleted: hourly. */
export const defaultRetentionIntervalMs = 3_600_000;

/** Deletes what Loket keeps only for a while: Idempotency-Keys and their answers after 24 hours. */
export async function applyRetention(db: Database) {
  return { idempotencyKeys: await purgeExpiredIdempotencyKeys(db) };
}

/**
 * Applies retention at start and then every interval, in every process that runs background work
 * (deleting twice is harmless). Answers a function that stops it after the pass in progress.
 */
export function startRetention(db: Database, log: FastifyBaseLogger, intervalMs = defaultRetentionIntervalMs) {
  let running: Promise<void> = Promise.resolve();
  const pass = () => {
    running = running
      .then(() => applyRetention(db))
      .then((deleted) => {
        if (deleted.idempotencyKeys > 0) log.info({ deleted }, 'expired records deleted');
      })
      .catch((error: unknown) => log.error({ err: error }, 'retention failed'));
  };
  pass();
  const timer = setInterval(pass, intervalMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
