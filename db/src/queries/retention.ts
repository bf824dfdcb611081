import { and, asc, eq, inArray, isNotNull, lt, notExists, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { notifications, outboxEvents, outboxPruned, webhookDeliveries } from '../schema/outbox';

/** Rows deleted per statement, so pruning a large backlog never holds long locks. */
const batchSize = 1000;

async function inBatches(prune: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await prune();
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/**
 * Deletes outbox events that occurred before the moment and whose work is done (dispatched, no
 * delivery pending), with their deliveries, and records how far the event feed is pruned in the same
 * transaction, so a reader can tell a gap from a quiet spell. Answers how many events went.
 */
export async function pruneOutboxEvents(db: Database, before: Date): Promise<number> {
  return inBatches(() =>
    db.transaction(async (tx) => {
      const done = tx
        .select({ id: outboxEvents.id })
        .from(outboxEvents)
        .where(
          and(
            lt(outboxEvents.occurredAt, before),
            isNotNull(outboxEvents.dispatchedAt),
            notExists(
              tx
                .select({ one: sql`1` })
                .from(webhookDeliveries)
                .where(and(eq(webhookDeliveries.eventId, outboxEvents.id), eq(webhookDeliveries.status, 'pending'))),
            ),
          ),
        )
        .orderBy(asc(outboxEvents.xactId), asc(outboxEvents.id))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      const deleted = await tx
        .delete(outboxEvents)
        .where(inArray(outboxEvents.id, done))
        .returning({ xactId: outboxEvents.xactId, id: outboxEvents.id });
      const last = deleted.reduce<(typeof deleted)[number] | undefined>(
        (max, row) => (!max || row.xactId > max.xactId || (row.xactId === max.xactId && row.id > max.id) ? row : max),
        undefined,
      );
      if (last) {
        await tx
          .insert(outboxPruned)
          .values({ xactId: last.xactId, eventId: last.id })
          .onConflictDoUpdate({
            target: outboxPruned.singleton,
            set: { xactId: last.xactId, eventId: last.id, prunedAt: sql`now()` },
            // The mark only moves forward, whichever of two pruning processes commits last.
            setWhere: sql`(${outboxPruned.xactId}, ${outboxPruned.eventId}) < (${last.xactId}::bigint, ${last.id}::uuid)`,
          });
      }
      return deleted.length;
    }),
  );
}

/** Deletes webhook deliveries made before the moment that are settled (delivered or failed for good). */
export async function pruneWebhookDeliveries(db: Database, before: Date): Promise<number> {
  return inBatches(async () => {
    const settled = db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(lt(webhookDeliveries.createdAt, before), inArray(webhookDeliveries.status, ['delivered', 'failed'])))
      .limit(batchSize);
    const deleted = await db
      .delete(webhookDeliveries)
      .where(inArray(webhookDeliveries.id, settled))
      .returning({ id: webhookDeliveries.id });
    return deleted.length;
  });
}

/** Deletes e-mails made before the moment that are settled (sent, kept or failed for good). */
export async function pruneNotifications(db: Database, before: Date): Promise<number> {
  return inBatches(async () => {
    const settled = db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(lt(notifications.createdAt, before), inArray(notifications.status, ['sent', 'kept', 'failed'])))
      .limit(batchSize);
    const deleted = await db
      .delete(notifications)
      .where(inArray(notifications.id, settled))
      .returning({ id: notifications.id });
    return deleted.length;
  });
}
