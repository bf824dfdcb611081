import { and, arrayOverlaps, eq, ilike, inArray, isNotNull, like, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { agentKey, mboxSha1sumOf } from '../agents';
import type { Database } from '../connect';
import { type ErasureTarget, erasedEmail, erasedName, namesOfPerson, redactPerson, withholdNames } from '../redaction';
import { auditEvents, idempotencyKeys } from '../schema/audit';
import { certificates } from '../schema/certificates';
import { cohorts } from '../schema/cohorts';
import { enrolments, moduleProgress } from '../schema/enrolments';
import { evaluations } from '../schema/evaluations';
import { jobs } from '../schema/jobs';
import { organisations } from '../schema/organisations';
import { notifications, outboxEvents } from '../schema/outbox';
import { participants } from '../schema/participants';
import { attendance } from '../schema/sessions';
import { users } from '../schema/users';
import { xapiActivities, xapiAgentLinks, xapiAttachments, xapiDocuments, xapiStatements } from '../schema/xapi';
import { likePattern } from './pagination';
import { nextVersion } from './versioned';

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
    xapiDocuments: (await db.select().from(xapiDocuments).where(eq(xapiDocuments.participantId, participantId))).map(
      ({ content, ...document }) => ({ ...document, content: content.toString('base64') }),
    ),
    xapiAgentLinks: await db.select().from(xapiAgentLinks).where(eq(xapiAgentLinks.participantId, participantId)),
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
 * The LRS's records of a person: the statements they are actor or object of and their state and
 * agent profiles go, whether linked to them or not (an unlinked statement may still name their
 * address or account); elsewhere (a colleague's statement naming them as instructor, an activity
 * definition) their names and addresses are withheld. Attachments no statement names any more go too.
 */
async function eraseLearningRecords(
  db: Database,
  person: { id: string; email: string; mboxSha1sum: string | null },
  names: readonly string[],
) {
  const links = await db
    .select({ agentKey: xapiAgentLinks.agentKey })
    .from(xapiAgentLinks)
    .where(eq(xapiAgentLinks.participantId, person.id));
  const keys = [
    agentKey({ mbox: `mailto:${person.email}` }),
    agentKey({ mbox_sha1sum: person.mboxSha1sum ?? mboxSha1sumOf(person.email) }),
    ...links.map((link) => link.agentKey),
  ].filter((key): key is string => key !== undefined);
  // Any installation's account named by their participant id is theirs: ids are random.
  const theirAccount = `account:%|${person.id}`;
  await db
    .delete(xapiStatements)
    .where(
      or(
        eq(xapiStatements.participantId, person.id),
        inArray(xapiStatements.actorKey, keys),
        inArray(xapiStatements.objectAgentKey, keys),
        like(xapiStatements.actorKey, theirAccount),
        like(xapiStatements.objectAgentKey, theirAccount),
      ),
    );
  await db
    .delete(xapiDocuments)
    .where(
      or(
        eq(xapiDocuments.participantId, person.id),
        inArray(xapiDocuments.agentKey, keys),
        like(xapiDocuments.agentKey, theirAccount),
      ),
    );
  await db.delete(xapiAgentLinks).where(eq(xapiAgentLinks.participantId, person.id));
  const target: ErasureTarget = { participantId: person.id, recordIds: new Set(), names: [...names, person.email] };
  const texts = [...target.names, ...keys];
  const naming = await db
    .select({ id: xapiStatements.id, statement: xapiStatements.statement, related: xapiStatements.relatedAgentKeys })
    .from(xapiStatements)
    .where(or(mentions(xapiStatements.statement, texts, true), arrayOverlaps(xapiStatements.relatedAgentKeys, keys)));
  for (const row of naming) {
    await db
      .update(xapiStatements)
      .set({
        statement: redactPerson(row.statement, target) as Record<string, unknown>,
        relatedAgentKeys: row.related.filter((key) => !keys.includes(key)),
      })
      .where(eq(xapiStatements.id, row.id));
  }
  const definitions = await db
    .select()
    .from(xapiActivities)
    .where(mentions(xapiActivities.definition, [...target.names], true));
  for (const activity of definitions) {
    await db
      .update(xapiActivities)
      .set({ definition: redactPerson(activity.definition, target) as Record<string, unknown> })
      .where(eq(xapiActivities.id, activity.id));
  }
  await db
    .delete(xapiAttachments)
    .where(
      sql`not exists (select 1 from ${xapiStatements} s where s.statement->'attachments' @> jsonb_build_array(jsonb_build_object('sha2', ${xapiAttachments.sha2})))`,
    );
}

/** A text column, or JSON as text, that mentions any of these strings (none: no row). */
function mentions(column: PgColumn, texts: string[], json: boolean): SQL {
  const target = json ? sql`${column}::text` : sql`${column}`;
  // In JSON a name appears escaped as JSON escapes it.
  const conditions = texts.map((text) => ilike(target, likePattern(json ? JSON.stringify(text).slice(1, -1) : text)));
  return or(...conditions) ?? sql`false`;
}

/**
 * Erases a person: their name, email and free text go everywhere Loket keeps them; their accounts,
 * raw learning records and e-mails are deleted. Enrolments, progress, attendance and ratings stay
 * (anonymous) so every total stays right, certificates stay verifiable without a name, and every
 * audit event, job report, stored idempotent answer and event stays with the person taken out of it.
 * Answers undefined when there is no such participant.
 */
export async function eraseParticipant(db: Database, participantId: string, now: Date) {
  const [current] = await db
    .select({ participant: participants, organisationPath: organisations.path })
    .from(participants)
    .innerJoin(organisations, eq(organisations.id, participants.organisationId))
    .where(eq(participants.id, participantId))
    .for('update', { of: participants });
  if (!current) return undefined;
  const accounts = await db
    .select({ id: users.id, email: users.email, displayName: users.displayName })
    .from(users)
    .where(eq(users.participantId, participantId));
  const ownEnrolments = await db
    .select({ id: enrolments.id, cohortId: enrolments.cohortId, cohortPath: organisations.path })
    .from(enrolments)
    .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .innerJoin(organisations, eq(organisations.id, cohorts.organisationId))
    .where(eq(enrolments.participantId, participantId));
  const enrolmentIds = ownEnrolments.map((e) => e.id);
  const some = enrolmentIds.length > 0;
  const ownEvaluations = some
    ? await db.select({ id: evaluations.id }).from(evaluations).where(inArray(evaluations.enrolmentId, enrolmentIds))
    : [];
  const ownCertificates = some
    ? await db
        .select({ id: certificates.id, revocationReason: certificates.revocationReason })
        .from(certificates)
        .where(inArray(certificates.enrolmentId, enrolmentIds))
    : [];
  const recordIds = new Set([
    ...accounts.map((a) => a.id),
    ...enrolmentIds,
    ...ownEvaluations.map((e) => e.id),
    ...ownCertificates.map((c) => c.id),
  ]);
  const aboutThem = [participantId, ...recordIds];
  // The resource types the records above are audited under; with the ids they use the resource index.
  const auditedAs = (ids: string[]) =>
    and(
      inArray(auditEvents.resourceType, ['participant', 'user', 'enrolment', 'evaluation', 'certificate']),
      inArray(auditEvents.resourceId, ids),
    );
  const ownAudit = await db.select().from(auditEvents).where(auditedAs(aboutThem));
  const names = namesOfPerson([current.participant, accounts, ownAudit.map((e) => [e.before, e.after])], {
    participantId,
    recordIds,
  });
  const target: ErasureTarget = { participantId, recordIds, names };
  // Where others may have written about them: their workplace and the libraries of their cohorts.
  const places = [...new Set([current.organisationPath, ...ownEnrolments.map((e) => e.cohortPath)])];
  const within = (column: PgColumn) => or(...places.map((path) => like(column, `${path}%`)));

  const [row] = await db
    .update(participants)
    .set({
      givenName: erasedName,
      nameInfix: null,
      familyName: erasedName,
      email: erasedEmail(participantId),
      jobTitle: null,
      mboxSha1sum: mboxSha1sumOf(erasedEmail(participantId)),
      erasedAt: now,
      version: nextVersion(participants),
    })
    .where(eq(participants.id, participantId))
    .returning();
  await db.delete(users).where(eq(users.participantId, participantId));
  await eraseLearningRecords(db, current.participant, names);
  // The e-mails carry the name and address; they are of no use once the person is gone.
  await db.delete(notifications).where(eq(notifications.participantId, participantId));

  const changedEvaluations = [...ownEvaluations.map((e) => e.id)];
  if (some) {
    await db.update(evaluations).set({ comment: null }).where(inArray(evaluations.enrolmentId, enrolmentIds));
    // Colleagues in the same cohorts who named them in a comment.
    const cohortIds = [...new Set(ownEnrolments.map((e) => e.cohortId))];
    const namedBy = await db
      .select({ id: evaluations.id, comment: evaluations.comment })
      .from(evaluations)
      .innerJoin(enrolments, eq(enrolments.id, evaluations.enrolmentId))
      .where(
        and(
          inArray(enrolments.cohortId, cohortIds),
          isNotNull(evaluations.comment),
          mentions(evaluations.comment, names, false),
        ),
      );
    for (const evaluation of namedBy) {
      changedEvaluations.push(evaluation.id);
      await db
        .update(evaluations)
        .set({ comment: withholdNames(evaluation.comment ?? '', target) })
        .where(eq(evaluations.id, evaluation.id));
    }
    // Loket's own copy of each signed credential goes (it identifies the holder by a hash of their
    // address); the holder's copy stays valid, and so does the revocation list.
    for (const certificate of ownCertificates) {
      await db
        .update(certificates)
        .set({
          snapshot: sql`jsonb_set(${certificates.snapshot}, '{participantName}', 'null'::jsonb)`,
          credential: null,
          revocationReason:
            certificate.revocationReason === null ? null : withholdNames(certificate.revocationReason, target),
        })
        .where(eq(certificates.id, certificate.id));
    }
  }

  const snapshot = { id: auditEvents.id, before: auditEvents.before, after: auditEvents.after };
  const aboutRecords = await db
    .select(snapshot)
    .from(auditEvents)
    .where(auditedAs([...aboutThem, ...changedEvaluations]));
  // Changes elsewhere in their workplace and cohorts whose snapshots name them.
  const naming = await db
    .select(snapshot)
    .from(auditEvents)
    .where(
      and(
        within(auditEvents.organisationPath),
        or(mentions(auditEvents.before, names, true), mentions(auditEvents.after, names, true)),
      ),
    );
  const audited = new Map([...aboutRecords, ...naming].map((event) => [event.id, event]));
  for (const event of audited.values()) {
    await db
      .update(auditEvents)
      .set({ before: redactPerson(event.before, target), after: redactPerson(event.after, target) })
      .where(eq(auditEvents.id, event.id));
  }

  // Stored answers of retry-safe requests: the table holds a day's worth, so a text search is cheap.
  const answers = await db
    .select({ id: idempotencyKeys.id, responseBody: idempotencyKeys.responseBody })
    .from(idempotencyKeys)
    .where(mentions(idempotencyKeys.responseBody, [...aboutThem, ...names], true));
  for (const answer of answers) {
    await db
      .update(idempotencyKeys)
      .set({ responseBody: redactPerson(answer.responseBody, target) })
      .where(eq(idempotencyKeys.id, answer.id));
  }

  const reports = await db
    .select({ id: jobs.id, failures: jobs.failures })
    .from(jobs)
    .where(and(within(jobs.organisationPath), mentions(jobs.failures, [...enrolmentIds, ...names], true)));
  for (const report of reports) {
    await db
      .update(jobs)
      .set({ failures: redactPerson(report.failures, target) as typeof report.failures })
      .where(eq(jobs.id, report.id));
  }

  // Events carry ids, and a revocation its reason: what webhooks (re)send and feeds replay.
  const events = await db
    .select({ id: outboxEvents.id, payload: outboxEvents.payload })
    .from(outboxEvents)
    .where(and(within(outboxEvents.organisationPath), mentions(outboxEvents.payload, names, true)));
  for (const event of events) {
    await db
      .update(outboxEvents)
      .set({ payload: redactPerson(event.payload, target) as Record<string, unknown> })
      .where(eq(outboxEvents.id, event.id));
  }
  return row;
}
