import {
  type Database,
  deleteWebhookSubscription,
  findWebhookDelivery,
  findWebhookSubscription,
  insertDeliveries,
  insertWebhookSubscription,
  listWebhookDeliveries,
  listWebhookSubscriptions,
  rotateWebhookSecret,
  type SubscriptionOwner,
  updateWebhookSubscription,
  type WebhookDeliveryRow,
  type WebhookSubscriptionRow,
} from '@loket/db';
import type { Caller } from '../../lib/caller';
import { DomainError, notFound } from '../../lib/errors';
import type { EventType } from '../../lib/events';
import { assertIfMatch, listAnswer, pageParams, versioned } from '../../lib/http';
import { audit, type WriteContext } from '../../lib/write';
import { newWebhookSecret, secretOverlapMs } from './rules';
import type {
  WebhookDelivery,
  WebhookDeliveryQuery,
  WebhookSubscription,
  WebhookSubscriptionCreate,
  WebhookSubscriptionPatch,
  WebhookSubscriptionQuery,
  WebhookSubscriptionWithSecret,
} from './schema';
import { type TargetPolicy, targetProblem } from './targets';

/** A URL Loket will not send to answers 422, with the reason under /url. */
function assertTarget(url: string, policy: TargetPolicy) {
  const problem = targetProblem(url, policy);
  if (problem)
    throw new DomainError(422, 'webhook-target-refused', 'Invalid input', problem, [
      { path: '/url', message: problem },
    ]);
}

/** An admin manages every subscription; an API client only its own. */
export function ownerFilter(caller: Caller): SubscriptionOwner {
  if (caller.role === 'admin') return { kind: 'all' };
  return { kind: 'owner', ownerType: caller.actorType === 'client' ? 'client' : 'user', ownerId: caller.actorId ?? '' };
}

function toSubscription(row: WebhookSubscriptionRow, now: Date = new Date()): WebhookSubscription {
  const overlapEnds = row.previousSecretExpiresAt;
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.eventTypes as EventType[],
    active: row.active,
    description: row.description,
    ownerType: row.ownerType,
    ownerId: row.ownerId,
    organisationId: row.organisationId,
    previousSecretExpiresAt: overlapEnds && overlapEnds > now ? overlapEnds.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function toDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    subscriptionId: row.subscriptionId,
    eventId: row.eventId,
    eventType: row.eventType as EventType,
    status: row.status,
    attempts: row.attempts,
    responseStatus: row.responseStatus,
    lastError: row.lastError,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    redeliveryOf: row.redeliveryOf,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function list(db: Database, caller: Caller, query: WebhookSubscriptionQuery) {
  const page = await listWebhookSubscriptions(db, { owner: ownerFilter(caller), page: pageParams(query) });
  return listAnswer(
    page,
    query.limit,
    page.rows.map((row) => toSubscription(row)),
  );
}

export async function get(db: Database, caller: Caller, id: string): Promise<WebhookSubscription> {
  const row = await findWebhookSubscription(db, ownerFilter(caller), id);
  if (!row) throw notFound('The webhook subscription');
  return toSubscription(row);
}

/**
 * The subscription takes the scope of whoever makes it: a client bound to a province receives only
 * that province's events; an admin's subscriptions are national. The secret is kept to sign with.
 */
export async function create(
  ctx: WriteContext,
  input: WebhookSubscriptionCreate,
  targets: TargetPolicy,
): Promise<WebhookSubscriptionWithSecret> {
  const { scope } = ctx.caller;
  // Fails closed: only a national caller makes a national subscription.
  if (scope.kind !== 'all' && scope.kind !== 'subtree') {
    throw new DomainError(403, 'forbidden', 'Forbidden', 'Your token is bound to no part of the country.');
  }
  assertTarget(input.url, targets);
  const secret = newWebhookSecret();
  const scoped = scope.kind === 'subtree' ? scope : undefined;
  const row = await insertWebhookSubscription(ctx.db, {
    url: input.url,
    eventTypes: input.eventTypes,
    active: input.active ?? true,
    description: input.description ?? null,
    secret,
    ownerType: ctx.caller.actorType === 'client' ? 'client' : 'user',
    ownerId: ctx.caller.actorId ?? '',
    organisationId: scoped ? ctx.caller.organisationId : null,
    organisationPath: scoped?.path ?? null,
  });
  const created = toSubscription(row);
  await audit(ctx, {
    action: 'webhook_subscription.created',
    resourceType: 'webhook_subscription',
    resourceId: row.id,
    organisationPath: row.organisationPath,
    after: created,
  });
  return { ...created, secret };
}

export async function update(
  ctx: WriteContext,
  id: string,
  patch: WebhookSubscriptionPatch,
  ifMatch: string | undefined,
  targets: TargetPolicy,
): Promise<WebhookSubscription> {
  const current = await findWebhookSubscription(ctx.db, ownerFilter(ctx.caller), id, true);
  if (!current) throw notFound('The webhook subscription');
  assertIfMatch(ifMatch, current.version);
  if (patch.url !== undefined) assertTarget(patch.url, targets);
  const row = await versioned(
    updateWebhookSubscription(ctx.db, current, {
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.eventTypes !== undefined ? { eventTypes: patch.eventTypes } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
    }),
  );
  const updated = toSubscription(row);
  await audit(ctx, {
    action: 'webhook_subscription.updated',
    resourceType: 'webhook_subscription',
    resourceId: id,
    organisationPath: current.organisationPath,
    before: toSubscription(current),
    after: updated,
  });
  return updated;
}

/**
 * A new secret, answered once. The old one keeps signing too (a second signature in the header) for
 * `secretOverlapMs`, so the receiver can switch to the new one without missing a delivery.
 */
export async function rotateSecret(
  ctx: WriteContext,
  id: string,
  ifMatch: string | undefined,
  now: Date = new Date(),
): Promise<WebhookSubscriptionWithSecret> {
  const current = await findWebhookSubscription(ctx.db, ownerFilter(ctx.caller), id, true);
  if (!current) throw notFound('The webhook subscription');
  assertIfMatch(ifMatch, current.version);
  const secret = newWebhookSecret();
  const row = await versioned(rotateWebhookSecret(ctx.db, current, secret, new Date(now.getTime() + secretOverlapMs)));
  const rotated = toSubscription(row, now);
  await audit(ctx, {
    action: 'webhook_subscription.secret_rotated',
    resourceType: 'webhook_subscription',
    resourceId: id,
    organisationPath: current.organisationPath,
    before: toSubscription(current, now),
    after: rotated,
  });
  return { ...rotated, secret };
}

export async function remove(ctx: WriteContext, id: string, ifMatch: string | undefined): Promise<void> {
  const current = await findWebhookSubscription(ctx.db, ownerFilter(ctx.caller), id, true);
  if (!current) throw notFound('The webhook subscription');
  assertIfMatch(ifMatch, current.version);
  await versioned(deleteWebhookSubscription(ctx.db, current));
  await audit(ctx, {
    action: 'webhook_subscription.deleted',
    resourceType: 'webhook_subscription',
    resourceId: id,
    organisationPath: current.organisationPath,
    before: toSubscription(current),
  });
}

export async function deliveries(db: Database, caller: Caller, subscriptionId: string, query: WebhookDeliveryQuery) {
  const subscription = await findWebhookSubscription(db, ownerFilter(caller), subscriptionId);
  if (!subscription) throw notFound('The webhook subscription');
  const page = await listWebhookDeliveries(db, { subscriptionId, status: query.status, page: pageParams(query) });
  return listAnswer(page, query.limit, page.rows.map(toDelivery));
}

/** Sends an event again as a new delivery, with fresh attempts; the event id stays the same. */
export async function redeliver(ctx: WriteContext, deliveryId: string): Promise<WebhookDelivery> {
  const original = await findWebhookDelivery(ctx.db, ownerFilter(ctx.caller), deliveryId);
  if (!original) throw notFound('The webhook delivery');
  const [row] = await insertDeliveries(ctx.db, [
    {
      subscriptionId: original.subscriptionId,
      eventId: original.eventId,
      eventType: original.eventType,
      redeliveryOf: original.id,
    },
  ]);
  if (!row) throw new Error('redelivery insert returned nothing');
  await audit(ctx, {
    action: 'webhook_delivery.redelivered',
    resourceType: 'webhook_delivery',
    resourceId: row.id,
    organisationPath: null,
    after: { redeliveryOf: original.id, eventId: original.eventId },
  });
  return toDelivery(row);
}
