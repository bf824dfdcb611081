import {
  type Database,
  pruneNotifications,
  pruneOidcSignIns,
  pruneOutboxEvents,
  pruneWebhookDeliveries,
  purgeExpiredIdempotencyKeys,
} from '@loket/db';

/** How long Loket keeps what it keeps only for a while. */
export interface RetentionPolicy {
  /** Days outbox events (the event feed), settled webhook deliveries and settled e-mails are kept. */
  eventDays: number;
}

export const defaultRetentionPolicy: RetentionPolicy = { eventDays: 30 };

const dayMs = 86_400_000;
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * dayMs);

/**
 * The stores that are pruned, each by its own rule; a store that must not grow without bound gets a
 * line here. Each deletes only what is settled: nothing still to be sent or dispatched.
 */
const pruners: Record<string, (db: Database, policy: RetentionPolicy, now: Date) => Promise<number>> = {
  outboxEvents: (db, policy, now) => pruneOutboxEvents(db, daysBefore(now, policy.eventDays)),
  webhookDeliveries: (db, policy, now) => pruneWebhookDeliveries(db, daysBefore(now, policy.eventDays)),
  notifications: (db, policy, now) => pruneNotifications(db, daysBefore(now, policy.eventDays)),
  // Idempotency-Keys and their stored answers live 24 hours, whatever the event window.
  idempotencyKeys: (db) => purgeExpiredIdempotencyKeys(db),
  // A sign-in through an identity provider is done within minutes; after a day it is only a record of nonces.
  oidcSignIns: (db, _policy, now) => pruneOidcSignIns(db, daysBefore(now, 1)),
};

/** Deletes what is past its retention; answers how many rows of each store went. */
export async function pruneExpired(
  db: Database,
  policy: RetentionPolicy,
  now: Date = new Date(),
): Promise<Record<string, number>> {
  const pruned: Record<string, number> = {};
  for (const [store, prune] of Object.entries(pruners)) pruned[store] = await prune(db, policy, now);
  return pruned;
}

export interface RetentionSchedule {
  /** How often to prune; the first pass runs at start. Default one hour. */
  intervalMs?: number;
  onPruned(pruned: Record<string, number>): void;
  onError(error: unknown): void;
  /** Runs a pass, or skips it (undefined) while another process runs one; by default always runs. */
  exclusive?: (work: () => Promise<Record<string, number>>) => Promise<Record<string, number> | undefined>;
}

/**
 * Prunes at start and then regularly, one pass at a time. Several processes may each run it: a
 * row is deleted once, whoever gets there first, and with `exclusive` only one of them prunes at a
 * time. Answers a function that stops it.
 */
export function startRetention(db: Database, policy: RetentionPolicy, schedule: RetentionSchedule) {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    const exclusive = schedule.exclusive ?? ((work) => work());
    running = exclusive(() => pruneExpired(db, policy))
      .then((pruned) => pruned && schedule.onPruned(pruned), schedule.onError)
      .finally(() => {
        busy = false;
      });
  };
  tick();
  const timer = setInterval(tick, schedule.intervalMs ?? 3_600_000);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
