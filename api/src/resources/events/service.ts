import { type Database, type OutboxEventRow, readEventFeed } from '@loket/db';
import type { Caller } from '../../lib/caller';
import { badRequest, DomainError } from '../../lib/errors';
import { eventEnvelope } from '../../lib/events';
import { decodeFeedCursor, encodeFeedCursor, feedStart, isBefore } from './rules';
import type { EventFeedPage, EventFeedQuery } from './schema';

const cursorExpired = (retentionDays: number) =>
  new DomainError(
    410,
    'cursor-expired',
    'Cursor expired',
    `Events after this cursor have been removed: Loket keeps events for ${retentionDays} days. Read the ` +
      'current state again (the lists, with their syncWatermark), then follow the feed from a new read ' +
      'without a cursor.',
  );

/**
 * The caller's events after their cursor, in feed order: an API client bound to an organisation gets
 * that subtree's events (as its webhook subscriptions would), a national caller all of them.
 */
export async function read(
  db: Database,
  caller: Caller,
  query: EventFeedQuery,
  retentionDays: number,
): Promise<EventFeedPage> {
  const after = query.after === undefined ? undefined : decodeFeedCursor(query.after);
  if (query.after !== undefined && !after) {
    throw badRequest('The cursor is not one this feed handed out.', 'invalid-cursor');
  }
  const page = await readEventFeed(db, { scope: caller.scope, after, limit: query.limit });
  // Read in the page's own snapshot: pruning that this page could not see has not touched it either.
  if (after && page.pruned && isBefore(after, page.pruned)) throw cursorExpired(retentionDays);
  return {
    data: page.rows.map((row: OutboxEventRow) => eventEnvelope(row) as EventFeedPage['data'][number]),
    page: { limit: query.limit, nextCursor: encodeFeedCursor(page.end ?? feedStart), more: page.more },
  };
}
