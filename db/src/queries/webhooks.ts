import { and, asc, count, eq, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import {
  type DeliveryStatus,
  outboxEvents,
  type SubscriptionOwnerType,
  webhookDeliveries,
  webhookSubscriptions,
} from '../schema/outbox';
import { apiClients } from '../schema/users';
import { type Page, type PageParams, planPage } from './pagination';
import { atVersion, nextVersion } from './versioned';

export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

/**
 * Active subscriptions for an event: the type is chosen, the event lies in the owner's subtree, and
 * an owning API client is not revoked.
 */
export async function subscriptionsFor(
  db: Database,
  type: string,
  organisationPath: string | null,
): Promise<WebhookSubscriptionRow[]> {
  return db
    .select()
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.active, true),
        sql`${type} = any(${webhookSubscriptions.eventTypes})`,
        organisationPath === null
          ? isNull(webhookSubscriptions.organisationPath)
          : sql`(${webhookSubscriptions.organisationPath} is null or ${organisationPath} like ${webhookSubscriptions.organisationPath} || '%')`,
        sql`(${webhookSubscriptions.ownerType} = 'user' or exists (select 1 from ${apiClients} where ${apiClients.id}::text = ${webhookSubscriptions.ownerId} and ${apiClients.revokedAt} is null))`,
      ),
    );
}

/** Whose subscriptions a caller may see: all of them (an admin), or only their own. */
export type SubscriptionOwner = { kind: 'all' } | { kind: 'owner'; ownerType: SubscriptionOwnerType; ownerId: string };

const ownedBy = (owner: SubscriptionOwner): SQL | undefined =>
  owner.kind === 'all'
    ? undefined
    : and(eq(webhookSubscriptions.ownerType, owner.ownerType), eq(webhookSubscriptions.ownerId, owner.ownerId));

export const webhookSubscriptionSortable = {
  createdAt: webhookSubscriptions.createdAt,
  url: webhookSubscriptions.url,
};

export async function listWebhookSubscriptions(
  db: Database,
  params: { owner: SubscriptionOwner; page: PageParams },
): Promise<Page<WebhookSubscriptionRow>> {
  const where = ownedBy(params.owner);
  const plan = planPage(params.page, webhookSubscriptionSortable, webhookSubscriptions.id);
  const rows = await db
    .select()
    .from(webhookSubscriptions)
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  const [total] = await db.select({ n: count() }).from(webhookSubscriptions).where(where);
  return { ...plan.finish(rows), total: total?.n ?? 0 };
}

export async function findWebhookSubscription(
  db: Database,
  owner: SubscriptionOwner,
  id: string,
  lock = false,
): Promise<WebhookSubscriptionRow | undefined> {
  const query = db
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), ownedBy(owner)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function insertWebhookSubscription(
  db: Database,
  values: Omit<typeof webhookSubscriptions.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'version'>,
): Promise<WebhookSubscriptionRow> {
  const [row] = await db.insert(webhookSubscriptions).values(values).returning();
  if (!row) throw new Error('subscription insert returned nothing');
  return row;
}

export async function updateWebhookSubscription(
  db: Database,
  current: WebhookSubscriptionRow,
  changes: Partial<Pick<WebhookSubscriptionRow, 'url' | 'eventTypes' | 'active' | 'description'>>,
): Promise<WebhookSubscriptionRow | undefined> {
  const [row] = await db
    .update(webhookSubscriptions)
    .set({ ...changes, updatedAt: new Date(), version: nextVersion(webhookSubscriptions) })
    .where(atVersion(webhookSubscriptions, current))
    .returning();
  return row;
}

/** Puts a new secret in place, keeping the current one to sign with too until `previousSecretExpiresAt`. */
export async function rotateWebhookSecret(
  db: Database,
  current: WebhookSubscriptionRow,
  secret: string,
  previousSecretExpiresAt: Date,
): Promise<WebhookSubscriptionRow | undefined> {
  const [row] = await db
    .update(webhookSubscriptions)
    .set({
      secret,
      previousSecret: current.secret,
      previousSecretExpiresAt,
      updatedAt: new Date(),
      version: nextVersion(webhookSubscriptions),
    })
    .where(atVersion(webhookSubscriptions, current))
    .returning();
  return row;
}

export async function deleteWebhookSubscription(db: Database, current: WebhookSubscriptionRow): Promise<boolean> {
  const rows = await db
    .delete(webhookSubscriptions)
    .where(atVersion(webhookSubscriptions, current))
    .returning({ id: webhookSubscriptions.id });
  return rows.length > 0;
}

export async function insertDeliveries(
  db: Database,
  values: Array<{ subscriptionId: string; eventId: string; eventType: string; redeliveryOf?: string | null }>,
): Promise<WebhookDeliveryRow[]> {
  if (values.length === 0) return [];
  return db.insert(webhookDeliveries).values(values).returning();
}

export const webhookDeliverySortable = { createdAt: webhookDeliveries.createdAt };

export async function listWebhookDeliveries(
  db: Database,
  params: { subscriptionId: string; status?: DeliveryStatus | undefined; page: PageParams },
): Promise<Page<WebhookDeliveryRow>> {
  const where = and(
    eq(webhookDeliveries.subscriptionId, params.subscriptionId),
    params.status ? eq(webhookDeliveries.status, params.status) : undefined,
  );
  const plan = planPage(params.page, webhookDeliverySortable, webhookDeliveries.id);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  const [total] = await db.select({ n: count() }).from(webhookDeliveries).where(where);
  return { ...plan.finish(rows), total: total?.n ?? 0 };
}

/** A delivery whose subscription the caller may see. */
export async function findWebhookDelivery(
  db: Database,
  owner: SubscriptionOwner,
  id: string,
): Promise<WebhookDeliveryRow | undefined> {
  const [row] = await db
    .select({ delivery: webhookDeliveries })
    .from(webhookDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(and(eq(webhookDeliveries.id, id), ownedBy(owner)));
  return row?.delivery;
}

/** What a delivery worker needs: the delivery, where to send it, the secret, and the event. */
export async function deliveryToSend(db: Database, id: string) {
  const [row] = await db
    .select({ delivery: webhookDeliveries, subscription: webhookSubscriptions, event: outboxEvents })
    .from(webhookDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .innerJoin(outboxEvents, eq(outboxEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.id, id));
  return row;
}

export async function recordDeliveryAttempt(
  db: Database,
  id: string,
  outcome: {
    status: DeliveryStatus;
    responseStatus: number | null;
    error: string | null;
    at: Date;
    nextAttemptAt: Date;
  },
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      status: outcome.status,
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      lastAttemptAt: outcome.at,
      responseStatus: outcome.responseStatus,
      lastError: outcome.error,
      nextAttemptAt: outcome.nextAttemptAt,
      deliveredAt: outcome.status === 'delivered' ? outcome.at : null,
    })
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'pending')));
}

/**
 * Pending deliveries that should have been attempted before the given moment: their job was lost.
 * They are marked due now, so the next sweep leaves them alone for another grace period.
 */
export async function overdueDeliveries(db: Database, before: Date, limit: number): Promise<string[]> {
  const rows = await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: new Date() })
    .where(
      inArray(
        webhookDeliveries.id,
        db
          .select({ id: webhookDeliveries.id })
          .from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, before)))
          .orderBy(asc(webhookDeliveries.nextAttemptAt))
          .limit(limit),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return rows.map((r) => r.id);
}
