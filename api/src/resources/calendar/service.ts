import { randomBytes } from 'node:crypto';
import {
  type CalendarFeedRow,
  calendarMeetings,
  type Database,
  findActiveCalendarFeed,
  findCalendarFeedByToken,
  insertCalendarFeed,
  meetingIdsLedBy,
  meetingIdsOfParticipant,
  revokeCalendarFeed,
  touchCalendarFeed,
} from '@loket/db';
import type { Caller } from '../../lib/caller';
import { DomainError, notFound } from '../../lib/errors';
import { audit, type WriteContext } from '../../lib/write';
import { type CalendarContext, meetingFeed } from '../../mail/calendar';
import { sha256 } from '../auth/service';
import type { CalendarFeed, CalendarFeedWithUrl } from './schema';

/** How far back a feed goes: the meetings of the last half year, and everything to come. */
const feedHistoryMs = 183 * 86_400_000;

const toFeed = (row: CalendarFeedRow): CalendarFeed => ({
  id: row.id,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

/** Only people have a calendar; an API client has none. */
function personOf(caller: Caller): string {
  if (caller.actorType !== 'user' || !caller.actorId)
    throw new DomainError(403, 'forbidden', 'Forbidden', 'Only a person has a calendar feed.');
  return caller.actorId;
}

export async function get(db: Database, caller: Caller): Promise<CalendarFeed> {
  const row = await findActiveCalendarFeed(db, personOf(caller));
  if (!row) throw notFound('Your calendar feed');
  return toFeed(row);
}

/** A new feed URL; the one before it, if any, stops working at once. */
export async function rotate(ctx: WriteContext, publicUrl: string): Promise<CalendarFeedWithUrl> {
  const userId = personOf(ctx.caller);
  const now = new Date();
  const previous = await revokeCalendarFeed(ctx.db, userId, now);
  const token = randomBytes(32).toString('base64url');
  const row = await insertCalendarFeed(ctx.db, { userId, tokenHash: sha256(token) });
  await audit(ctx, {
    action: previous ? 'calendar_feed.rotated' : 'calendar_feed.created',
    resourceType: 'user',
    resourceId: userId,
    organisationPath: null,
    ...(previous ? { before: toFeed(previous) } : {}),
    after: toFeed(row),
  });
  return { ...toFeed(row), url: `${publicUrl}/v1/calendar/${token}.ics` };
}

export async function revoke(ctx: WriteContext): Promise<void> {
  const userId = personOf(ctx.caller);
  const revoked = await revokeCalendarFeed(ctx.db, userId, new Date());
  if (!revoked) throw notFound('Your calendar feed');
  await audit(ctx, {
    action: 'calendar_feed.revoked',
    resourceType: 'user',
    resourceId: userId,
    organisationPath: null,
    before: toFeed(revoked),
  });
}

/**
 * The feed a token opens: a participant's meetings (their cohorts'), a staff member's the meetings
 * they lead. A revoked feed, or one of a disabled account, answers 410; an unknown token 404.
 */
export async function feed(db: Database, token: string, context: CalendarContext): Promise<string> {
  const found = await findCalendarFeedByToken(db, sha256(token));
  if (!found) throw notFound('The calendar feed');
  if (found.feed.revokedAt || found.disabledAt)
    throw new DomainError(
      410,
      'calendar-feed-revoked',
      'Gone',
      'This calendar feed was revoked or replaced; ask for a new URL in Loket.',
    );
  const now = new Date();
  const since = new Date(now.getTime() - feedHistoryMs);
  const ids = found.participantId
    ? await meetingIdsOfParticipant(db, found.participantId, since)
    : await meetingIdsLedBy(db, found.userId, since);
  await touchCalendarFeed(db, found.feed.id, now);
  return meetingFeed(await calendarMeetings(db, ids), context);
}
