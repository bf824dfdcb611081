import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, oneOf, timestamps } from './columns';
import { organisations } from './organisations';
import { participants } from './participants';

const moment = () => timestamp({ withTimezone: true, mode: 'date', precision: 3 });

/**
 * Events written in the same transaction as the change that causes them, so none is lost and none
 * is sent for a change that rolled back; the dispatcher hands them on after commit.
 */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    id: id(),
    type: text().notNull(),
    /** Root of the organisation subtree the event belongs to: who may receive it. */
    organisationPath: text(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    occurredAt: moment().notNull().defaultNow(),
    /** Null while pending: the dispatcher has not yet made its deliveries and notifications. */
    dispatchedAt: moment(),
    /**
     * The writing transaction's id: the event feed's order is (xactId, id), and a reader passes an
     * event only once every transaction with a smaller id has ended, so none can still appear behind it.
     */
    xactId: bigint({ mode: 'number' }).notNull().default(sql`(pg_current_xact_id()::text::bigint)`),
  },
  (t) => [
    index('outbox_events_pending_idx').on(t.occurredAt, t.id).where(sql`${t.dispatchedAt} is null`),
    index('outbox_events_feed_idx').on(t.xactId, t.id),
    // The retention job looks for events past the window.
    index('outbox_events_occurred_idx').on(t.occurredAt),
  ],
);

/**
 * How far the event feed has been pruned: the last feed position (xactId, eventId) deleted. A
 * cursor before it may have missed events, so it answers 410 instead of a page with a gap.
 */
export const outboxPruned = pgTable(
  'outbox_pruned',
  {
    /** One row only. */
    singleton: boolean().primaryKey().default(true),
    xactId: bigint({ mode: 'number' }).notNull(),
    eventId: uuid().notNull(),
    prunedAt: moment().notNull().defaultNow(),
  },
  (t) => [check('outbox_pruned_singleton_check', sql`${t.singleton}`)],
);

export const subscriptionOwnerTypes = ['user', 'client'] as const;
export type SubscriptionOwnerType = (typeof subscriptionOwnerTypes)[number];

export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: id(),
    url: text().notNull(),
    eventTypes: text().array().notNull(),
    /**
     * Kept to sign with; shown to the owner once, when the subscription is made or its secret rotated.
     * Standard Webhooks' form: `whsec_` and the key in base64.
     */
    secret: text().notNull(),
    /** The secret before the last rotation: deliveries carry a signature with it too until it expires. */
    previousSecret: text(),
    previousSecretExpiresAt: moment(),
    active: boolean().notNull().default(true),
    description: text(),
    ownerType: text().$type<SubscriptionOwnerType>().notNull(),
    ownerId: text().notNull(),
    /** The owner's organisation: events outside its subtree are never delivered. Null for national. */
    organisationId: uuid().references(() => organisations.id, { onDelete: 'cascade' }),
    organisationPath: text(),
    ...timestamps(),
  },
  (t) => [
    oneOf('webhook_subscriptions_owner_check', t.ownerType, subscriptionOwnerTypes),
    index('webhook_subscriptions_owner_idx').on(t.ownerType, t.ownerId),
  ],
);

/** refused: the target is an address Loket does not send to; it was not contacted. */
export const deliveryStatuses = ['pending', 'delivered', 'failed', 'refused'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    subscriptionId: uuid()
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventId: uuid()
      .notNull()
      .references(() => outboxEvents.id, { onDelete: 'cascade' }),
    eventType: text().notNull(),
    status: text().$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: moment().notNull().defaultNow(),
    lastAttemptAt: moment(),
    responseStatus: integer(),
    lastError: text(),
    deliveredAt: moment(),
    /** The delivery this one repeats, when asked for by hand. */
    redeliveryOf: uuid(),
    createdAt: createdAt(),
  },
  (t) => [
    oneOf('webhook_deliveries_status_check', t.status, deliveryStatuses),
    index('webhook_deliveries_subscription_idx').on(t.subscriptionId, t.createdAt, t.id),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    // Pruning an event removes its deliveries, and first asks whether one is still pending.
    index('webhook_deliveries_event_idx').on(t.eventId),
    index('webhook_deliveries_created_idx').on(t.createdAt),
  ],
);

export const notificationKinds = [
  'invitation',
  'meeting_invitation',
  'meeting_update',
  'meeting_cancellation',
  'meeting_withdrawal',
  'meeting_reminder',
  'certificate_issued',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export const notificationStatuses = ['pending', 'sent', 'kept', 'failed'] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

/** Every e-mail Loket sends, or keeps here when no mail server is configured, so none is silently lost. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    kind: text().$type<NotificationKind>().notNull(),
    /** One message per occasion: invitation per enrolment, reminder per participant and meeting. */
    dedupeKey: text().notNull().unique(),
    participantId: uuid().references(() => participants.id, { onDelete: 'cascade' }),
    organisationId: uuid().references(() => organisations.id, { onDelete: 'cascade' }),
    organisationPath: text().notNull(),
    recipient: text().notNull(),
    subject: text().notNull(),
    /** The message as plain text, and as HTML in the programme's look: both from one Markdown text. */
    body: text().notNull(),
    html: text(),
    /** An iCalendar (RFC 5545) invitation, update or cancellation sent with a meeting message. */
    calendar: text(),
    status: text().$type<NotificationStatus>().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    lastError: text(),
    sentAt: moment(),
    ...timestamps(),
  },
  (t) => [
    oneOf('notifications_kind_check', t.kind, notificationKinds),
    oneOf('notifications_status_check', t.status, notificationStatuses),
    index('notifications_path_idx').on(t.organisationPath.op('text_pattern_ops')),
    index('notifications_created_idx').on(t.createdAt, t.id),
    index('notifications_participant_idx').on(t.participantId),
    // The sweep for messages whose job went missing looks only at pending ones.
    index('notifications_pending_idx').on(t.updatedAt).where(sql`${t.status} = 'pending'`),
  ],
);
