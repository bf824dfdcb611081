import { deliveryStatuses, subscriptionOwnerTypes } from '@loket/db';
import Type, { type Static } from 'typebox';
import { eventTypes } from '../../lib/events';
import { listOf, listQuery, Nullable, Timestamp, Uuid, Version } from '../../lib/schemas';

const EventType = Type.Enum(eventTypes, { description: 'An event type; see `webhooks` in this document' });

const fields = {
  id: Uuid,
  url: Type.String({ format: 'uri', examples: ['https://lms.bibliotheek.example/loket/events'] }),
  eventTypes: Type.Array(EventType),
  active: Type.Boolean({ description: 'Inactive subscriptions receive nothing; events meanwhile are not kept' }),
  description: Nullable(Type.String()),
  ownerType: Type.Enum(subscriptionOwnerTypes),
  ownerId: Type.String({ description: 'The account or API client that made the subscription' }),
  organisationId: Nullable({
    ...Uuid,
    description: "The owner's organisation: only events inside its subtree are sent. Null for national",
  }),
  previousSecretExpiresAt: Nullable({
    ...Timestamp,
    description:
      'After a secret rotation: until this moment every delivery carries a signature with the previous secret ' +
      'too. Null when no previous secret signs any more',
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Version,
};

export const WebhookSubscription = Type.Object(fields, { title: 'WebhookSubscription', additionalProperties: false });

export const WebhookSubscriptionWithSecret = Type.Object(
  {
    ...fields,
    secret: Type.String({
      pattern: '^whsec_[A-Za-z0-9+/]+={0,2}$',
      description:
        'Signs every delivery (Standard Webhooks: `whsec_` and the key in base64); shown only in this answer: store it now',
      examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw6bcRc5TqzDQ='],
    }),
  },
  { title: 'WebhookSubscriptionWithSecret', additionalProperties: false },
);

const Url = Type.String({
  format: 'uri',
  pattern: '^https?://',
  maxLength: 2000,
  description: 'An http(s) URL that accepts POST requests',
});

export const WebhookSubscriptionCreate = Type.Object(
  {
    url: Url,
    eventTypes: Type.Array(EventType, { minItems: 1, uniqueItems: true }),
    active: Type.Optional(Type.Boolean({ default: true })),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  {
    title: 'WebhookSubscriptionCreate',
    additionalProperties: false,
    examples: [
      {
        url: 'https://bi.kb.example/hooks/loket',
        eventTypes: ['certificate.issued', 'enrolment.completed'],
        description: 'Dashboard van de KB',
      },
    ],
  },
);

export const WebhookSubscriptionPatch = Type.Object(
  {
    url: Type.Optional(Url),
    eventTypes: Type.Optional(Type.Array(EventType, { minItems: 1, uniqueItems: true })),
    active: Type.Optional(Type.Boolean()),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { title: 'WebhookSubscriptionPatch', additionalProperties: false, minProperties: 1, examples: [{ active: false }] },
);

export const WebhookSubscriptionQuery = listQuery(['createdAt', 'url'], {}, 'createdAt');
export const WebhookSubscriptionList = listOf(WebhookSubscription, 'WebhookSubscriptionList');

export const WebhookDelivery = Type.Object(
  {
    id: Uuid,
    subscriptionId: Uuid,
    eventId: { ...Uuid, description: 'Sent as the webhook-id header and the id in the body' },
    eventType: EventType,
    status: Type.Enum(deliveryStatuses, {
      description:
        'pending: not yet answered with 2xx, more attempts follow; failed: attempts used up; refused: the URL is, ' +
        'or resolved to, an address Loket does not send to (see lastError): it was not contacted and is not retried',
    }),
    attempts: Type.Integer({ minimum: 0 }),
    responseStatus: Nullable(
      Type.Integer({
        description: 'HTTP status of the last answer; null without one, and always for a refused target',
      }),
    ),
    lastError: Nullable(Type.String()),
    lastAttemptAt: Nullable(Timestamp),
    nextAttemptAt: Nullable({ ...Timestamp, description: 'When the next attempt is due; null when none follows' }),
    deliveredAt: Nullable(Timestamp),
    redeliveryOf: Nullable({ ...Uuid, description: 'The delivery this one repeats, when redelivered by hand' }),
    createdAt: Timestamp,
  },
  { title: 'WebhookDelivery', additionalProperties: false },
);

export const WebhookDeliveryQuery = listQuery(
  ['createdAt'],
  {
    status: Type.Optional(Type.Enum(deliveryStatuses)),
  },
  '-createdAt',
);
export const WebhookDeliveryList = listOf(WebhookDelivery, 'WebhookDeliveryList');

export type WebhookSubscription = Static<typeof WebhookSubscription>;
export type WebhookSubscriptionWithSecret = Static<typeof WebhookSubscriptionWithSecret>;
export type WebhookSubscriptionCreate = Static<typeof WebhookSubscriptionCreate>;
export type WebhookSubscriptionPatch = Static<typeof WebhookSubscriptionPatch>;
export type WebhookSubscriptionQuery = Static<typeof WebhookSubscriptionQuery>;
export type WebhookDelivery = Static<typeof WebhookDelivery>;
export type WebhookDeliveryQuery = Static<typeof WebhookDeliveryQuery>;
