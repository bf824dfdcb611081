import {
  claimPendingEvents,
  type Database,
  deliveryToSend,
  everything,
  findCohort,
  findEnrolment,
  findNotificationById,
  insertDeliveries,
  insertNotification,
  markEventsDispatched,
  type NotificationKind,
  type NotificationTemplates,
  type OutboxEventRow,
  overdueDeliveries,
  overdueNotifications,
  recipientOf,
  recordDeliveryAttempt,
  recordNotificationAttempt,
  renderTemplate,
  subscriptionsFor,
  upcomingMeetingAttendees,
} from '@loket/db';
import type { Transporter } from 'nodemailer';
import { type Dispatcher, request } from 'undici';
import { type EventData, eventEnvelope } from '../lib/events';
import { nextAttemptDelay, type RetryPolicy, signatureHeader, signingSecrets } from '../resources/webhooks/rules';
import { type TargetPolicy, targetProblem } from '../resources/webhooks/targets';
import { RefusedTarget } from './delivery-agent';

export const deliveryQueue = 'webhooks.deliver';
export const notificationQueue = 'notifications.send';

/** Work the dispatcher made that the workers are to do next. */
export interface Dispatched {
  deliveryIds: string[];
  notificationIds: string[];
}

export interface Mail {
  transporter: Transporter;
  from: string;
}

const batchSize = 100;
const dayMs = 86_400_000;

const dutchDate = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'full', timeZone: 'Europe/Amsterdam' });
const dutchTime = new Intl.DateTimeFormat('nl-NL', { timeStyle: 'short', timeZone: 'Europe/Amsterdam' });

interface Message {
  kind: NotificationKind;
  dedupeKey: string;
  participantId: string;
  values: Record<string, string>;
}

/** Renders and stores a message for a participant once per occasion; answers its id when it is new. */
async function store(
  db: Database,
  templates: NotificationTemplates,
  message: Message,
  mailConfigured: boolean,
): Promise<string | undefined> {
  const recipient = await recipientOf(db, message.participantId);
  if (!recipient) return undefined;
  const template = templates[message.kind];
  const values = { voornaam: recipient.givenName, ...message.values };
  const row = await insertNotification(db, {
    kind: message.kind,
    dedupeKey: message.dedupeKey,
    participantId: recipient.participantId,
    organisationId: recipient.organisationId,
    organisationPath: recipient.organisationPath,
    recipient: recipient.email,
    subject: renderTemplate(template.subject, values),
    body: renderTemplate(template.body, values),
    status: mailConfigured ? 'pending' : 'kept',
  });
  return row && mailConfigured ? row.id : undefined;
}

/** The e-mail an event causes, if any. */
async function messageFor(db: Database, event: OutboxEventRow): Promise<Message | undefined> {
  if (event.type === 'enrolment.created') {
    const data = event.payload as EventData<'enrolment.created'>;
    const cohort = await findCohort(db, everything, data.cohortId);
    if (!cohort) return undefined;
    return {
      kind: 'invitation',
      dedupeKey: `invitation:${data.enrolmentId}`,
      participantId: data.participantId,
      values: {
        bibliotheek: cohort.organisationName,
        groep: cohort.name,
        startdatum: dutchDate.format(new Date(`${cohort.startsOn}T12:00:00Z`)),
      },
    };
  }
  if (event.type === 'certificate.issued') {
    const data = event.payload as EventData<'certificate.issued'>;
    const enrolment = await findEnrolment(db, everything, data.enrolmentId);
    if (!enrolment) return undefined;
    return {
      kind: 'certificate_issued',
      dedupeKey: `certificate_issued:${data.certificateId}`,
      participantId: enrolment.participantId,
      values: { nummer: data.number, verificatielink: data.verificationUrl },
    };
  }
  return undefined;
}

/**
 * Turns committed outbox events into deliveries (one per matching subscription) and e-mails, and
 * marks them dispatched, all in one transaction per batch: a crash anywhere leaves the events
 * pending and the next pass (in this process or after a restart) picks them up again.
 */
export async function dispatchOutbox(
  db: Database,
  templates: NotificationTemplates,
  mailConfigured: boolean,
): Promise<Dispatched> {
  const dispatched: Dispatched = { deliveryIds: [], notificationIds: [] };
  for (;;) {
    const claimed = await db.transaction(async (tx) => {
      const events = await claimPendingEvents(tx, batchSize);
      // A batch of events (an xAPI batch moves many modules at once) shares few types and places.
      const matching = new Map<string, Awaited<ReturnType<typeof subscriptionsFor>>>();
      for (const event of events) {
        const place = `${event.type} ${event.organisationPath ?? ''}`;
        const subscriptions = matching.get(place) ?? (await subscriptionsFor(tx, event.type, event.organisationPath));
        matching.set(place, subscriptions);
        const deliveries = await insertDeliveries(
          tx,
          subscriptions.map((s) => ({ subscriptionId: s.id, eventId: event.id, eventType: event.type })),
        );
        dispatched.deliveryIds.push(...deliveries.map((d) => d.id));
        const message = await messageFor(tx, event);
        const notificationId = message ? await store(tx, templates, message, mailConfigured) : undefined;
        if (notificationId) dispatched.notificationIds.push(notificationId);
      }
      await markEventsDispatched(
        tx,
        events.map((event) => event.id),
      );
      return events.length;
    });
    if (claimed < batchSize) return dispatched;
  }
}

/**
 * Stores a reminder for everyone still enrolled in a meeting that starts within two days. Run
 * regularly; the dedupe key makes it once per participant and meeting however often it runs.
 */
export async function remindUpcomingMeetings(
  db: Database,
  templates: NotificationTemplates,
  mailConfigured: boolean,
  now: Date = new Date(),
): Promise<string[]> {
  const attendees = await upcomingMeetingAttendees(db, now, new Date(now.getTime() + 2 * dayMs));
  const ids: string[] = [];
  for (const a of attendees) {
    const id = await store(
      db,
      templates,
      {
        kind: 'meeting_reminder',
        dedupeKey: `meeting_reminder:${a.sessionId}:${a.participantId}`,
        participantId: a.participantId,
        values: {
          bijeenkomst: a.title,
          datum: dutchDate.format(a.startsAt),
          tijd: dutchTime.format(a.startsAt),
          locatie: a.onlineUrl ? `online via ${a.onlineUrl}` : `bij ${a.locationName ?? 'de bibliotheek'}`,
        },
      },
      mailConfigured,
    );
    if (id) ids.push(id);
  }
  return ids;
}

/** The JSON a subscriber receives: see eventEnvelopes for its schema. */
export const envelopeOf = (event: OutboxEventRow) => JSON.stringify(eventEnvelope(event));

const describe = (error: unknown) => {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
};

/** The refusal somewhere in an error's cause chain, if the target was refused. */
function refusalIn(error: unknown): RefusedTarget | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof RefusedTarget) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Where and how webhooks may be sent: the target policy and the agent that enforces it per connection. */
export interface DeliveryTargets {
  policy: TargetPolicy;
  agent: Dispatcher;
}

type Outcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'failed'; status: number | null; error: string }
  | { kind: 'refused'; error: string };

async function send(
  url: string,
  headers: Record<string, string>,
  body: string,
  targets: DeliveryTargets,
  timeoutMs: number,
): Promise<Outcome> {
  // The URL is checked again at every attempt: the rules or the configuration may have changed
  // since it was stored, and an address in the URL itself is never looked up.
  const problem = targetProblem(url, targets.policy);
  if (problem) return { kind: 'refused', error: problem };
  try {
    const response = await request(url, {
      method: 'POST',
      headers,
      body,
      dispatcher: targets.agent,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The answer's body is not needed; reading it frees the connection.
    await response.body.dump().catch(() => undefined);
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return ok
      ? { kind: 'delivered', status: response.statusCode }
      : { kind: 'failed', status: response.statusCode, error: `The receiver answered ${response.statusCode}.` };
  } catch (caught) {
    const refused = refusalIn(caught);
    return refused
      ? { kind: 'refused', error: refused.message }
      : { kind: 'failed', status: null, error: describe(caught) };
  }
}

/**
 * Makes one attempt at a delivery and records it. Answers when to try again, or null when the
 * delivery is settled (delivered, failed for good, refused, or no longer pending). A refused target
 * is never contacted, so nothing of an answer is recorded for it.
 */
export async function attemptDelivery(
  db: Database,
  deliveryId: string,
  policy: RetryPolicy,
  timeoutMs: number,
  targets: DeliveryTargets,
): Promise<Date | null> {
  const found = await deliveryToSend(db, deliveryId);
  if (found?.delivery.status !== 'pending') return null;
  const { delivery, subscription, event } = found;
  const now = new Date();
  let outcome: Outcome;
  if (!subscription.active) {
    outcome = { kind: 'failed', status: null, error: 'The subscription is paused.' };
  } else {
    const body = envelopeOf(event);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Loket-Webhooks/1.0',
      'webhook-id': event.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signatureHeader(signingSecrets(subscription, now), event.id, now, body),
    };
    outcome = await send(subscription.url, headers, body, targets, timeoutMs);
  }
  if (outcome.kind === 'refused') {
    await recordDeliveryAttempt(db, deliveryId, {
      status: 'refused',
      responseStatus: null,
      error: `Refused: ${outcome.error}`,
      at: now,
      nextAttemptAt: now,
    });
    return null;
  }
  const delay = outcome.kind === 'delivered' ? null : nextAttemptDelay(delivery.attempts + 1, policy);
  const retryAt = delay === null ? null : new Date(now.getTime() + delay);
  await recordDeliveryAttempt(db, deliveryId, {
    status: outcome.kind === 'delivered' ? 'delivered' : retryAt ? 'pending' : 'failed',
    responseStatus: outcome.status,
    error: outcome.kind === 'failed' ? outcome.error : null,
    at: now,
    nextAttemptAt: retryAt ?? now,
  });
  return retryAt;
}

/** Sends one stored e-mail; answers when to try again, or null when it is settled. */
export async function attemptNotification(
  db: Database,
  notificationId: string,
  mail: Mail,
  policy: RetryPolicy,
): Promise<Date | null> {
  const row = await findNotificationById(db, notificationId);
  if (row?.status !== 'pending') return null;
  const now = new Date();
  try {
    await mail.transporter.sendMail({ from: mail.from, to: row.recipient, subject: row.subject, text: row.body });
    await recordNotificationAttempt(db, notificationId, { status: 'sent', error: null, at: now });
    return null;
  } catch (caught) {
    const delay = nextAttemptDelay(row.attempts + 1, policy);
    await recordNotificationAttempt(db, notificationId, {
      status: delay === null ? 'failed' : 'pending',
      error: describe(caught),
      at: now,
    });
    return delay === null ? null : new Date(now.getTime() + delay);
  }
}

/** Deliveries and e-mails whose job went missing (a crash between commit and queueing). */
export async function overdueWork(db: Database, graceMs: number, now: Date = new Date()): Promise<Dispatched> {
  const before = new Date(now.getTime() - graceMs);
  return {
    deliveryIds: await overdueDeliveries(db, before, batchSize),
    notificationIds: await overdueNotifications(db, before, batchSize),
  };
}
