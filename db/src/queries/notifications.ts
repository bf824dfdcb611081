import { and, asc, count, eq, gte, inArray, isNull, lt, lte, ne, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { cohorts } from '../schema/cohorts';
import { enrolments } from '../schema/enrolments';
import { organisations } from '../schema/organisations';
import { type NotificationKind, type NotificationStatus, notifications } from '../schema/outbox';
import { participants } from '../schema/participants';
import { sessions } from '../schema/sessions';
import { type Page, type PageParams, planPage } from './pagination';
import { pathInScope, type Scope } from './scope';
import { nextVersion } from './versioned';

export type NotificationRow = typeof notifications.$inferSelect;

export type NotificationValues = Omit<
  typeof notifications.$inferInsert,
  'id' | 'createdAt' | 'updatedAt' | 'version' | 'attempts' | 'lastError' | 'sentAt'
>;

/** Stores a message unless one for the same occasion exists; answers the new row only. */
export async function insertNotification(
  db: Database,
  values: NotificationValues,
): Promise<NotificationRow | undefined> {
  const [row] = await db
    .insert(notifications)
    .values(values)
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning();
  return row;
}

export async function findNotificationById(db: Database, id: string): Promise<NotificationRow | undefined> {
  const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
  return row;
}

export async function recordNotificationAttempt(
  db: Database,
  id: string,
  outcome: { status: NotificationStatus; error: string | null; at: Date },
): Promise<void> {
  await db
    .update(notifications)
    .set({
      status: outcome.status,
      attempts: sql`${notifications.attempts} + 1`,
      lastError: outcome.error,
      sentAt: outcome.status === 'sent' ? outcome.at : null,
      updatedAt: outcome.at,
      version: nextVersion(notifications),
    })
    .where(and(eq(notifications.id, id), eq(notifications.status, 'pending')));
}

/** Messages still waiting although they were made before the given moment: their job was lost. */
export async function overdueNotifications(db: Database, before: Date, limit: number): Promise<string[]> {
  const rows = await db
    .update(notifications)
    .set({ updatedAt: new Date() })
    .where(
      inArray(
        notifications.id,
        db
          .select({ id: notifications.id })
          .from(notifications)
          .where(and(eq(notifications.status, 'pending'), lte(notifications.updatedAt, before)))
          .orderBy(asc(notifications.updatedAt))
          .limit(limit),
      ),
    )
    .returning({ id: notifications.id });
  return rows.map((r) => r.id);
}

export interface NotificationFilter {
  kind?: NotificationKind | undefined;
  status?: NotificationStatus | undefined;
  participantId?: string | undefined;
}

export const notificationSortable = { createdAt: notifications.createdAt };

/** Messages in scope: by the recipient's organisation; a participant sees only their own. */
export async function listNotifications(
  db: Database,
  params: { scope: Scope; filter: NotificationFilter; page: PageParams },
): Promise<Page<NotificationRow>> {
  const f = params.filter;
  const where = and(
    params.scope.kind === 'self'
      ? eq(notifications.participantId, params.scope.participantId)
      : pathInScope(params.scope, notifications.organisationPath),
    f.kind ? eq(notifications.kind, f.kind) : undefined,
    f.status ? eq(notifications.status, f.status) : undefined,
    f.participantId ? eq(notifications.participantId, f.participantId) : undefined,
  );
  const plan = planPage(params.page, notificationSortable, notifications.id);
  const rows = await db
    .select()
    .from(notifications)
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  const [total] = await db.select({ n: count() }).from(notifications).where(where);
  return { ...plan.finish(rows), total: total?.n ?? 0 };
}

/** A participant as a recipient: address, name and workplace; erased people receive nothing. */
export async function recipientOf(db: Database, participantId: string) {
  const [row] = await db
    .select({
      participantId: participants.id,
      givenName: participants.givenName,
      email: participants.email,
      organisationId: participants.organisationId,
      organisationPath: organisations.path,
      organisationName: organisations.name,
    })
    .from(participants)
    .innerJoin(organisations, eq(organisations.id, participants.organisationId))
    .where(and(eq(participants.id, participantId), isNull(participants.erasedAt)));
  return row;
}

/** Everyone still enrolled in a meeting that starts in the window: who is to be reminded of what. */
export async function upcomingMeetingAttendees(db: Database, from: Date, to: Date) {
  return db
    .select({
      sessionId: sessions.id,
      title: sessions.title,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      onlineUrl: sessions.onlineUrl,
      locationName: organisations.name,
      cohortName: cohorts.name,
      participantId: enrolments.participantId,
    })
    .from(sessions)
    .innerJoin(cohorts, eq(cohorts.id, sessions.cohortId))
    .innerJoin(enrolments, eq(enrolments.cohortId, sessions.cohortId))
    .leftJoin(
      organisations,
      eq(organisations.id, sql`coalesce(${sessions.locationOrganisationId}, ${cohorts.organisationId})`),
    )
    .where(
      and(
        eq(sessions.status, 'scheduled'),
        gte(sessions.startsAt, from),
        lt(sessions.startsAt, to),
        ne(enrolments.status, 'withdrawn'),
        inArray(cohorts.status, ['planned', 'running']),
      ),
    );
}
