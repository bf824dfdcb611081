import { and, asc, eq, gte, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../connect';
import { calendarFeeds } from '../schema/calendar';
import { cohortFacilitators, cohorts } from '../schema/cohorts';
import { enrolments } from '../schema/enrolments';
import { organisations } from '../schema/organisations';
import { sessionFacilitators, sessions } from '../schema/sessions';
import { users } from '../schema/users';

export type CalendarFeedRow = typeof calendarFeeds.$inferSelect;

/** A meeting as a calendar shows it: when, where, who leads it, and what it is part of. */
export interface CalendarMeeting {
  id: string;
  title: string;
  type: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  /** The sequence of the event: it rises with every change, as the record's version does. */
  version: number;
  onlineUrl: string | null;
  agenda: string[];
  cohortName: string;
  libraryName: string;
  locationName: string | null;
  locationCity: string | null;
  facilitators: Array<{ name: string; email: string }>;
}

/** Active feed of an account, if any. */
export async function findActiveCalendarFeed(db: Database, userId: string): Promise<CalendarFeedRow | undefined> {
  const [row] = await db
    .select()
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)));
  return row;
}

/** Revokes the account's active feed; answers whether there was one. */
export async function revokeCalendarFeed(
  db: Database,
  userId: string,
  now: Date,
): Promise<CalendarFeedRow | undefined> {
  const [row] = await db
    .update(calendarFeeds)
    .set({ revokedAt: now })
    .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
    .returning();
  return row;
}

/** A new feed for the account; an active one must have been revoked first (one active feed each). */
export async function insertCalendarFeed(
  db: Database,
  values: { userId: string; tokenHash: string },
): Promise<CalendarFeedRow> {
  const [row] = await db.insert(calendarFeeds).values(values).returning();
  if (!row) throw new Error('calendar feed insert returned nothing');
  return row;
}

/** The feed a token opens, with whose it is (null when the account is disabled). */
export async function findCalendarFeedByToken(db: Database, tokenHash: string) {
  const [row] = await db
    .select({
      feed: calendarFeeds,
      userId: users.id,
      participantId: users.participantId,
      disabledAt: users.disabledAt,
    })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(eq(calendarFeeds.tokenHash, tokenHash));
  return row;
}

export async function touchCalendarFeed(db: Database, id: string, now: Date): Promise<void> {
  await db.update(calendarFeeds).set({ lastUsedAt: now }).where(eq(calendarFeeds.id, id));
}

const location = alias(organisations, 'location');

/** The given meetings with all a calendar needs, facilitators included, by start. */
export async function calendarMeetings(db: Database, sessionIds: string[]): Promise<CalendarMeeting[]> {
  if (sessionIds.length === 0) return [];
  const rows = await db
    .select({
      id: sessions.id,
      title: sessions.title,
      type: sessions.type,
      status: sessions.status,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      version: sessions.version,
      onlineUrl: sessions.onlineUrl,
      agenda: sessions.agenda,
      cohortName: cohorts.name,
      libraryName: organisations.name,
      locationName: location.name,
      locationCity: location.city,
    })
    .from(sessions)
    .innerJoin(cohorts, eq(cohorts.id, sessions.cohortId))
    .innerJoin(organisations, eq(organisations.id, cohorts.organisationId))
    .leftJoin(location, eq(location.id, sessions.locationOrganisationId))
    .where(inArray(sessions.id, sessionIds))
    .orderBy(asc(sessions.startsAt), asc(sessions.id));
  const leaders = await db
    .select({ sessionId: sessionFacilitators.sessionId, name: users.displayName, email: users.email })
    .from(sessionFacilitators)
    .innerJoin(users, eq(users.id, sessionFacilitators.userId))
    .where(inArray(sessionFacilitators.sessionId, sessionIds))
    .orderBy(asc(users.displayName));
  return rows.map((row) => ({
    ...row,
    facilitators: leaders.filter((l) => l.sessionId === row.id).map(({ name, email }) => ({ name, email })),
  }));
}

/** The scheduled meetings of the cohorts a participant is enrolled in (not withdrawn), from a moment on. */
export async function meetingIdsOfParticipant(db: Database, participantId: string, since: Date): Promise<string[]> {
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(enrolments, eq(enrolments.cohortId, sessions.cohortId))
    .where(
      and(
        eq(enrolments.participantId, participantId),
        ne(enrolments.status, 'withdrawn'),
        eq(sessions.status, 'scheduled'),
        gte(sessions.endsAt, since),
      ),
    );
  return rows.map((r) => r.id);
}

/** The scheduled meetings someone leads: as a meeting's facilitator or their cohort's. */
export async function meetingIdsLedBy(db: Database, userId: string, since: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: sessions.id })
    .from(sessions)
    .leftJoin(
      sessionFacilitators,
      and(eq(sessionFacilitators.sessionId, sessions.id), eq(sessionFacilitators.userId, userId)),
    )
    .leftJoin(
      cohortFacilitators,
      and(eq(cohortFacilitators.cohortId, sessions.cohortId), eq(cohortFacilitators.userId, userId)),
    )
    .where(
      and(
        eq(sessions.status, 'scheduled'),
        gte(sessions.endsAt, since),
        or(sql`${sessionFacilitators.userId} is not null`, sql`${cohortFacilitators.userId} is not null`),
      ),
    );
  return rows.map((r) => r.id);
}

/** Who is invited to a cohort's meetings: everyone enrolled and not withdrawn. */
export async function meetingInvitees(db: Database, cohortId: string): Promise<string[]> {
  const rows = await db
    .select({ participantId: enrolments.participantId })
    .from(enrolments)
    .where(and(eq(enrolments.cohortId, cohortId), ne(enrolments.status, 'withdrawn')));
  return rows.map((r) => r.participantId);
}

/** A cohort's meetings still to come, for someone who joins it. */
export async function upcomingMeetingIds(db: Database, cohortId: string, now: Date): Promise<string[]> {
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.cohortId, cohortId), eq(sessions.status, 'scheduled'), gte(sessions.startsAt, now)));
  return rows.map((r) => r.id);
}
