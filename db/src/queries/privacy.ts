import { eq, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { auditEvents } from '../schema/audit';
import { certificates } from '../schema/certificates';
import { enrolments, moduleProgress, xapiStatements } from '../schema/enrolments';
import { evaluations } from '../schema/evaluations';
import { notifications } from '../schema/outbox';
import { participants } from '../schema/participants';
import { attendance } from '../schema/sessions';
import { users } from '../schema/users';

/** Everything Loket holds about one person, for an AVG/GDPR access request. */
export async function collectParticipantData(db: Database, participantId: string) {
  const [participant] = await db.select().from(participants).where(eq(participants.id, participantId));
  const accounts = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      lastLoginAt: users.lastLoginAt,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.participantId, participantId));
  const enrolmentRows = await db.select().from(enrolments).where(eq(enrolments.participantId, participantId));
  const enrolmentIds = enrolmentRows.map((e) => e.id);
  const none = enrolmentIds.length === 0;
  return {
    participant,
    accounts,
    enrolments: enrolmentRows,
    moduleProgress: none
      ? []
      : await db.select().from(moduleProgress).where(inArray(moduleProgress.enrolmentId, enrolmentIds)),
    attendance: none ? [] : await db.select().from(attendance).where(inArray(attendance.enrolmentId, enrolmentIds)),
    evaluations: none ? [] : await db.select().from(evaluations).where(inArray(evaluations.enrolmentId, enrolmentIds)),
    certificates: none
      ? []
      : await db.select().from(certificates).where(inArray(certificates.enrolmentId, enrolmentIds)),
    xapiStatements: await db.select().from(xapiStatements).where(eq(xapiStatements.participantId, participantId)),
    notifications: await db.select().from(notifications).where(eq(notifications.participantId, participantId)),
    auditEvents: await db
      .select()
      .from(auditEvents)
      .where(
        or(
          eq(auditEvents.resourceId, participantId),
          inArray(auditEvents.actorId, accounts.map((a) => a.id).concat(participantId)),
        ),
      ),
  };
}

/**
 * Erases a person: their name, email and free text go, their accounts, raw learning records and
 * e-mails are deleted. Enrolments, progress, attendance and ratings stay (anonymous) so every total
 * stays right, and certificates stay verifiable without a name.
 */
export async function eraseParticipant(db: Database, participantId: string, now: Date) {
  const [row] = await db
    .update(participants)
    .set({
      givenName: 'Verwijderd',
      nameInfix: null,
      familyName: 'Verwijderd',
      email: `verwijderd-${participantId}@loket.invalid`,
      jobTitle: null,
      erasedAt: now,
      version: sql`${participants.version} + 1`,
    })
    .where(eq(participants.id, participantId))
    .returning();
  const accountIds = (
    await db.delete(users).where(eq(users.participantId, participantId)).returning({ id: users.id })
  ).map((a) => a.id);
  await db.delete(xapiStatements).where(eq(xapiStatements.participantId, participantId));
  // The e-mails carry the name and address; they are of no use once the person is gone.
  await db.delete(notifications).where(eq(notifications.participantId, participantId));
  const enrolmentIds = db
    .select({ id: enrolments.id })
    .from(enrolments)
    .where(eq(enrolments.participantId, participantId));
  await db.update(evaluations).set({ comment: null }).where(inArray(evaluations.enrolmentId, enrolmentIds));
  await db
    .update(certificates)
    .set({ snapshot: sql`jsonb_set(${certificates.snapshot}, '{participantName}', 'null'::jsonb)` })
    .where(inArray(certificates.enrolmentId, enrolmentIds));
  await db
    .update(auditEvents)
    .set({ before: null, after: null })
    .where(or(eq(auditEvents.resourceId, participantId), ...accountIds.map((id) => eq(auditEvents.resourceId, id))));
  return row;
}
