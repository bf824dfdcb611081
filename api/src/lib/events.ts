import { insertOutboxEvent, insertOutboxEvents, type OutboxEventRow } from '@loket/db';
import Type, { type Static, type TSchema } from 'typebox';
import { Nullable, Timestamp, Uuid } from './schemas';
import type { WriteContext } from './write';

/** An enrolment that left its cohort, or came back to it. */
const enrolmentStatusEvent = Type.Object(
  { enrolmentId: Uuid, cohortId: Uuid, participantId: Uuid, status: Type.Enum(['withdrawn', 'active']) },
  { additionalProperties: false },
);

/** A meeting as its events carry it: enough for a calendar or an intranet to follow it. */
const meetingEvent = Type.Object(
  {
    sessionId: Uuid,
    cohortId: Uuid,
    organisationId: { ...Uuid, description: 'The library that runs the cohort' },
    status: Type.Enum(['scheduled', 'cancelled']),
    startsAt: Timestamp,
    endsAt: Timestamp,
    sequence: Type.Integer({
      minimum: 1,
      description: 'Rises with every change of the meeting: the SEQUENCE of its iCalendar event',
    }),
  },
  { additionalProperties: false },
);

/**
 * The events Loket publishes, one schema per type: the outbox stores `data`, webhooks send it in
 * the envelope below, and the OpenAPI document lists them as `webhooks`.
 */
export const eventData = {
  'enrolment.created': Type.Object(
    {
      enrolmentId: Uuid,
      cohortId: Uuid,
      participantId: Uuid,
      organisationId: { ...Uuid, description: 'The library that runs the cohort' },
      status: Type.String({ examples: ['invited'] }),
    },
    { additionalProperties: false },
  ),
  'enrolment.withdrawn': enrolmentStatusEvent,
  'enrolment.reinstated': enrolmentStatusEvent,
  'enrolment.completed': Type.Object(
    { enrolmentId: Uuid, cohortId: Uuid, participantId: Uuid, completedAt: Timestamp },
    { additionalProperties: false },
  ),
  'progress.updated': Type.Object(
    {
      enrolmentId: Uuid,
      participantId: Uuid,
      moduleCode: Type.String({ examples: ['boekstart'] }),
      status: Type.Enum(['in_progress', 'completed']),
      score: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'Scaled score, 0-1' })),
    },
    { additionalProperties: false },
  ),
  'certificate.issued': Type.Object(
    {
      certificateId: Uuid,
      enrolmentId: Uuid,
      number: Type.String({ examples: ['LFB-2026-000042'] }),
      issuedAt: Timestamp,
      verificationUrl: Type.String({ format: 'uri' }),
    },
    { additionalProperties: false },
  ),
  'certificate.revoked': Type.Object(
    {
      certificateId: Uuid,
      enrolmentId: Uuid,
      number: Type.String(),
      revokedAt: Timestamp,
      reason: Type.String(),
    },
    { additionalProperties: false },
  ),
  'session.scheduled': meetingEvent,
  'session.changed': meetingEvent,
  'session.cancelled': meetingEvent,
  'cohort.status_changed': Type.Object(
    {
      cohortId: Uuid,
      organisationId: Uuid,
      from: Type.String({ examples: ['planned'] }),
      to: Type.String({ examples: ['running'] }),
    },
    { additionalProperties: false },
  ),
} as const satisfies Record<string, TSchema>;

export type EventType = keyof typeof eventData;
export const eventTypes = Object.keys(eventData) as EventType[];
export type EventData<K extends EventType> = Static<(typeof eventData)[K]>;

export const eventDescriptions: Record<EventType, string> = {
  'enrolment.created': 'Someone was enrolled in a cohort.',
  'enrolment.withdrawn': 'Someone was withdrawn from a cohort (their meetings are cancelled in their calendar).',
  'enrolment.reinstated': 'A withdrawn enrolment was taken up again.',
  'enrolment.completed': 'An enrolment met the completion rule: the certificate can be issued.',
  'progress.updated': 'Progress on one module changed (by hand or through an xAPI statement).',
  'certificate.issued': 'A certificate was issued.',
  'certificate.revoked': 'A certificate was revoked.',
  'session.scheduled':
    'A meeting was added to a cohort (the meetings drafted with a new cohort come with it, without events).',
  'session.changed': 'A meeting moved, or its place, title or facilitators changed.',
  'session.cancelled': 'A meeting was cancelled.',
  'cohort.status_changed': 'A cohort moved to another status (planned, running, evaluating, closed).',
};

export const eventTitle = (type: string) =>
  type
    .split(/[._]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** The body a webhook receives: the event id (stable across retries), its type, when, and its data. */
export const eventEnvelopes: Record<EventType, TSchema> = Object.fromEntries(
  eventTypes.map((type): [EventType, TSchema] => [
    type,
    Type.Object(
      {
        id: { ...Uuid, description: 'The event id; the same on every retry and redelivery: deduplicate on it' },
        type: Type.Enum([type]),
        occurredAt: Timestamp,
        data: eventData[type],
      },
      { title: `${eventTitle(type)}Event`, description: eventDescriptions[type], additionalProperties: false },
    ),
  ]),
) as Record<EventType, TSchema>;

/** A stored event as receivers see it: a webhook's body and an entry of the event feed alike. */
export const eventEnvelope = (event: OutboxEventRow) => ({
  id: event.id,
  type: event.type,
  occurredAt: event.occurredAt.toISOString(),
  data: event.payload,
});

export const signatureRecipe =
  'Each delivery is a `POST` of `application/json` signed as [Standard Webhooks](https://www.standardwebhooks.com/) ' +
  'prescribes, so its libraries (npm `standardwebhooks`, and those for other languages) verify it: the headers ' +
  '`webhook-id` (the event id), `webhook-timestamp` (Unix seconds) and `webhook-signature`, a space-separated list ' +
  'of `v1,` followed by the base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<raw body>`, keyed with the ' +
  'base64-decoded part of the subscription secret after `whsec_`. After a secret rotation the list holds a ' +
  'signature with the new secret and one with the old, for 24 hours. Verify over the raw bytes before parsing, ' +
  'compare in constant time, and refuse timestamps more than five minutes off. Answer 2xx within 10 seconds; ' +
  'anything else is retried with exponential backoff. Delivery is at least once: deduplicate on the event id.';

/** Records an event in the outbox, in the transaction of the change that causes it. */
export async function emit<K extends EventType>(
  ctx: WriteContext,
  type: K,
  organisationPath: string | null,
  data: EventData<K>,
): Promise<void> {
  await insertOutboxEvent(ctx.db, { type, organisationPath, payload: data as Record<string, unknown> });
}

/** Records several events, of any types, in one statement: the effects of a batch. */
export async function emitAll(
  ctx: WriteContext,
  events: Array<{ [K in EventType]: { type: K; organisationPath: string | null; data: EventData<K> } }[EventType]>,
): Promise<void> {
  await insertOutboxEvents(
    ctx.db,
    events.map((event) => ({
      type: event.type,
      organisationPath: event.organisationPath,
      payload: event.data as Record<string, unknown>,
    })),
  );
}
