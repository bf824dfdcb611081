import { asc, count, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { newId } from '../schema/columns';
import { outboxEvents } from '../schema/outbox';
import { namedStatement } from './named';

export type OutboxEventRow = typeof outboxEvents.$inferSelect;

export async function insertOutboxEvent(
  db: Database,
  values: { type: string; organisationPath: string | null; payload: Record<string, unknown>; occurredAt?: Date },
): Promise<OutboxEventRow> {
  const [row] = await db.insert(outboxEvents).values(values).returning();
  if (!row) throw new Error('outbox insert returned nothing');
  return row;
}

const insertOutboxRows = namedStatement(
  'insert_outbox_events',
  sql`insert into ${outboxEvents} (id, type, organisation_path, payload)
      select * from jsonb_to_recordset(${sql.placeholder('rows')}::jsonb) as v(id uuid, type text, organisation_path text, payload jsonb)`,
);

/** Several events in one statement, as one JSON value: those of a batch. */
export async function insertOutboxEvents(
  db: Database,
  values: Array<{ type: string; organisationPath: string | null; payload: Record<string, unknown> }>,
): Promise<void> {
  if (values.length === 0) return;
  await insertOutboxRows(db, {
    rows: JSON.stringify(
      values.map((event) => ({
        id: newId(),
        type: event.type,
        organisation_path: event.organisationPath,
        payload: event.payload,
      })),
    ),
  });
}

/**
 * The oldest committed events not yet dispatched, locked for this transaction; a second dispatcher
 * (another process) skips them instead of dispatching them twice.
 */
export async function claimPendingEvents(db: Database, limit: number): Promise<OutboxEventRow[]> {
  return db
    .select()
    .from(outboxEvents)
    .where(isNull(outboxEvents.dispatchedAt))
    .orderBy(asc(outboxEvents.occurredAt), asc(outboxEvents.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function markEventsDispatched(db: Database, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.update(outboxEvents).set({ dispatchedAt: new Date() }).where(inArray(outboxEvents.id, ids));
}

/**
 * Marks every pending event as dispatched, so nobody is told: for the history a demo seed writes,
 * which happened long before anyone subscribed.
 */
export async function settlePendingEvents(db: Database): Promise<void> {
  await db.update(outboxEvents).set({ dispatchedAt: new Date() }).where(isNull(outboxEvents.dispatchedAt));
}

export async function countPendingEvents(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(outboxEvents).where(isNull(outboxEvents.dispatchedAt));
  return row?.n ?? 0;
}
