import { and, asc, desc, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { outboxEvents, outboxPruned } from '../schema/outbox';
import type { OutboxEventRow } from './outbox';
import { pathInScope, type Scope } from './scope';

/** A place in the event feed, which is ordered by the writing transaction's id, then the event id. */
export interface FeedPosition {
  xactId: number;
  eventId: string;
}

/**
 * Events of transactions older than the oldest one still running: every transaction with a smaller
 * id has ended, so no event can still appear before these. A reader never passes an event of a
 * transaction that may yet commit behind it.
 */
const settled = sql`${outboxEvents.xactId} < pg_snapshot_xmin(pg_current_snapshot())::text::bigint`;

const beyond = (position: FeedPosition) =>
  sql`(${outboxEvents.xactId}, ${outboxEvents.id}) > (${position.xactId}::bigint, ${position.eventId}::uuid)`;

const positionOf = (row: { xactId: number; id: string }): FeedPosition => ({ xactId: row.xactId, eventId: row.id });

export interface FeedPage {
  rows: OutboxEventRow[];
  /** Whether more settled events follow the page right now. */
  more: boolean;
  /**
   * Where to go on from: the last event of the page, or, when the page holds all there is, the last
   * settled event of any scope (nothing can appear before it), so a quiet reader's place moves on too.
   */
  end: FeedPosition | undefined;
  /** The last position pruned: a reader coming from before it may have missed events. */
  pruned: FeedPosition | undefined;
}

/**
 * A page of the caller's events after a position, read in one snapshot: the page, where it ends and
 * how far the feed was pruned agree with each other.
 */
export async function readEventFeed(
  db: Database,
  params: { scope: Scope; after: FeedPosition | undefined; limit: number },
): Promise<FeedPage> {
  return db.transaction(
    async (tx) => {
      const found = await tx
        .select()
        .from(outboxEvents)
        .where(
          and(
            settled,
            params.after ? beyond(params.after) : undefined,
            pathInScope(params.scope, outboxEvents.organisationPath),
          ),
        )
        .orderBy(asc(outboxEvents.xactId), asc(outboxEvents.id))
        .limit(params.limit + 1);
      const rows = found.slice(0, params.limit);
      const more = found.length > params.limit;
      const last = rows[rows.length - 1];
      let end = last ? positionOf(last) : params.after;
      if (!more) {
        const [latest] = await tx
          .select({ xactId: outboxEvents.xactId, id: outboxEvents.id })
          .from(outboxEvents)
          .where(and(settled, end ? beyond(end) : undefined))
          .orderBy(desc(outboxEvents.xactId), desc(outboxEvents.id))
          .limit(1);
        if (latest) end = positionOf(latest);
      }
      const [pruned] = await tx.select().from(outboxPruned);
      return { rows, more, end, pruned: pruned ? { xactId: pruned.xactId, eventId: pruned.eventId } : undefined };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
