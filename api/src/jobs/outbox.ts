import {
  type CalendarMeeting,
  calendarMeetings,
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
  meetingInvitees,
  type NotificationKind,
  type NotificationRow,
  type NotificationTemplates,
  type OutboxEventRow,
  overdueDeliveries,
  overdueNotifications,
  recipientOf,
  recordDeliveryAttempt,
  recordNotificationAttempt,
  subscriptionsFor,
  upcomingMeetingAttendees,
  upcomingMeetingIds,
} from '@loket/db';
import type { Transporter } from 'nodemailer';
import { type Dispatcher, request } from 'undici';
import { type EventData, eventEnvelope } from '../lib/events';
import { type CalendarContext, facilitatorNames, meetingMessage, meetingPlace } from '../mail/calendar';
import { renderMessage } from '../mail/render';
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

/** What the dispatcher needs to write e-mails: the texts, whether they are sent, and who organises meetings. */
export interface Mailing {
  templates: NotificationTemplates;
  mailConfigured: boolean;
  calendar: CalendarContext;
}

interface Message {
  kind: NotificationKind;
  dedupeKey: string;
  participantId: string;
  values: Record<string, string>;
  /** A meeting message carries the meeting as an iCalendar invitation, update or cancellation. */
  meeting?: CalendarMeeting;
}

const meetingKinds: Partial<Record<NotificationKind, 'REQUEST' | 'CANCEL'>> = {
  meeting_invitation: 'REQUEST',
  meeting_update: 'REQUEST',
  meeting_reminder: 'REQUEST',
  meeting_cancellation: 'CANCEL',
  meeting_withdrawal: 'CANCEL',
};

/** Renders and stores a message for a participant once per occasion; answers its id when it is new. */
async function store(db: Database, mailing: Mailing, message: Message): Promise<string | undefined> {
  const recipient = await recipientOf(db, message.participantId);
  if (!recipient) return undefined;
  const values = { voornaam: recipient.givenName, ...message.values };
  const rendered = renderMessage(mailing.templates[message.kind], values);
  const method = meetingKinds[message.kind];
  const calendar =
    message.meeting && method
      ? meetingMessage(message.meeting, method, mailing.calendar, {
          name: recipient.givenName,
          email: recipient.email,
        })
      : null;
  const row = await insertNotification(db, {
    kind: message.kind,
    dedupeKey: message.dedupeKey,
    participantId: recipient.participantId,
    organisationId: recipient.organisationId,
    organisationPath: recipient.organisationPath,
    recipient: recipient.email,
    subject: rendered.subject,
    body: rendered.text,
    html: rendered.html,
    calendar,
    status: mailing.mailConfigured ? 'pending' : 'kept',
  });
  return row && mailing.mailConfigured ? row.id : undefined;
}

/** The words a meeting message fills in. */
function meetingValues(meeting: CalendarMeeting): Record<string, string> {
  return {
    bijeenkomst: meeting.title,
    datum: dutchDate.format(meeting.startsAt),
    tijd: `${dutchTime.format(meeting.startsAt)}\u2013${dutchTime.format(meeting.endsAt)}`,
    locatie: meetingPlace(meeting),
    begeleiding: facilitatorNames(meeting),
    groep: meeting.cohortName,
  };
}

/**
 * The message a meeting's event makes for one person, from the meeting as it is now: a change
 * made meanwhile is in it already, and a cancellation wins over an earlier invitation or update.
 * Updates are once per version, so changes that come quickly after each other make one message.
 */
function meetingMessageFor(type: string, meeting: CalendarMeeting, participantId: string): Message {
  const base = { participantId, meeting, values: meetingValues(meeting) };
  if (meeting.status === 'cancelled')
    return { ...base, kind: 'meeting_cancellation', dedupeKey: `meeting_cancellation:${meeting.id}:${participantId}` };
  if (type === 'session.changed')
    return {
      ...base,
      kind: 'meeting_update',
      dedupeKey: `meeting_update:${meeting.id}:${meeting.version}:${participantId}`,
    };
  return { ...base, kind: 'meeting_invitation', dedupeKey: `meeting_invitation:${meeting.id}:${participantId}` };
}

/** The e-mails an event causes, if any. */
async function messagesFor(db: Database, event: OutboxEventRow, now: Date): Promise<Message[]> {
  if (event.type === 'enrolment.created') {
    const data = event.payload as EventData<'enrolment.created'>;
    const cohort = await findCohort(db, everything, data.cohortId);
    if (!cohort) return [];
    const welcome: Message = {
      kind: 'invitation',
      dedupeKey: `invitation:${data.enrolmentId}`,
      participantId: data.participantId,
      values: {
        bibliotheek: cohort.organisationName,
        groep: cohort.name,
        startdatum: dutchDate.format(new Date(`${cohort.startsOn}T12:00:00Z`)),
      },
    };
    // Whoever joins gets the meetings still to come in their calendar too.
    const meetings = await calendarMeetings(db, await upcomingMeetingIds(db, data.cohortId, now));
    return [welcome, ...meetings.map((m) => meetingMessageFor('session.scheduled', m, data.participantId))];
  }
  if (event.type === 'enrolment.withdrawn' || event.type === 'enrolment.reinstated') {
    const data = event.payload as EventData<'enrolment.withdrawn'>;
    const meetings = await calendarMeetings(db, await upcomingMeetingIds(db, data.cohortId, now));
    // Who leaves has the cohort's meetings taken out of their calendar; who comes back is invited
    // again (once per return, so the key names the event).
    return meetings.map((meeting) =>
      event.type === 'enrolment.withdrawn'
        ? {
            kind: 'meeting_withdrawal' as const,
            dedupeKey: `meeting_withdrawal:${meeting.id}:${data.participantId}:${event.id}`,
            participantId: data.participantId,
            meeting,
            values: meetingValues(meeting),
          }
        : {
            kind: 'meeting_invitation' as const,
            dedupeKey: `meeting_invitation:${meeting.id}:${data.participantId}:${event.id}`,
            participantId: data.participantId,
            meeting,
            values: meetingValues(meeting),
          },
    );
  }
  if (event.type === 'session.scheduled' || event.type === 'session.changed' || event.type === 'session.cancelled') {
    const data = event.payload as EventData<'session.scheduled'>;
    const [meeting] = await calendarMeetings(db, [data.sessionId]);
    // A meeting that has passed needs no invitation; its cancellation still tidies calendars up.
    if (!meeting || (meeting.status !== 'cancelled' && meeting.endsAt < now)) return [];
    const invitees = await meetingInvitees(db, data.cohortId);
    return invitees.map((participantId) => meetingMessageFor(event.type, meeting, participantId));
  }
  if (event.type === 'certificate.issued') {
    const data = event.payload as EventData<'certificate.issued'>;
    const enrolment = await findEnrolment(db, everything, data.enrolmentId);
    if (!enrolment) return [];
    return [
      {
        kind: 'certificate_issued',
        dedupeKey: `certificate_issued:${data.certificateId}`,
        participantId: enrolment.participantId,
        values: { nummer: data.number, verificatielink: data.verificationUrl },
      },
    ];
  }
  return [];
}

/**
 * Turns committed outbox events into deliveries (one per matching subscription) and e-mails, and
 * marks them dispatched, all in one transaction per batch: a crash anywhere leaves the events
 * pending and the next pass (in this process or after a restart) picks them up again.
 */
export async function dispatchOutbox(db: Database, mailing: Mailing, now: Date = new Date()): Promise<Dispatched> {
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
        for (const message of await messagesFor(tx, event, now)) {
          const notificationId = await store(tx, mailing, message);
          if (notificationId) dispatched.notificationIds.push(notificationId);
        }
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
  mailing: Mailing,
  now: Date = new Date(),
): Promise<string[]> {
  const attendees = await upcomingMeetingAttendees(db, now, new Date(now.getTime() + 2 * dayMs));
  const meetings = new Map(
    (await calendarMeetings(db, [...new Set(attendees.map((a) => a.sessionId))])).map((m) => [m.id, m]),
  );
  const ids: string[] = [];
  for (const a of attendees) {
    const meeting = meetings.get(a.sessionId);
    if (!meeting) continue;
    const id = await store(db, mailing, {
      kind: 'meeting_reminder',
      dedupeKey: `meeting_reminder:${a.sessionId}:${a.participantId}`,
      participantId: a.participantId,
      meeting,
      values: {
        ...meetingValues(meeting),
        tijd: dutchTime.format(meeting.startsAt),
        locatie: meeting.onlineUrl ? `online via ${meeting.onlineUrl}` : `bij ${meetingPlace(meeting)}`,
      },
    });
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

/**
 * A stored message as nodemailer sends it: plain text and HTML as alternatives, and a meeting's
 * iCalendar both as a text/calendar alternative with its method (what Outlook and Gmail show as
 * an invitation) and as an .ics attachment (for the rest).
 */
export function mailOf(row: NotificationRow, from: string) {
  const method = meetingKinds[row.kind];
  return {
    from,
    to: row.recipient,
    subject: row.subject,
    text: row.body,
    ...(row.html ? { html: row.html } : {}),
    ...(row.calendar && method
      ? {
          icalEvent: {
            method,
            filename: method === 'CANCEL' ? 'geannuleerd.ics' : 'uitnodiging.ics',
            content: row.calendar,
          },
        }
      : {}),
  };
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
    await mail.transporter.sendMail(mailOf(row, mail.from));
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
