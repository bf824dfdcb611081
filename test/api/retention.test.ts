import {
  type Database,
  insertNotification,
  notifications,
  outboxEvents,
  recordDeliveryAttempt,
  webhookDeliveries,
} from '@loket/db';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../api/src/jobs/outbox';
import { pruneExpired } from '../../api/src/jobs/retention';
import { startTestApp, type TestApp } from '../support/app';
import { testMailing } from '../support/mailing';
import { buildWorld, eventually } from '../support/receiver';

/**
 * Outbox events, webhook deliveries and e-mails are kept for a while (EVENT_RETENTION_DAYS), then
 * pruned, so no table grows without bound; nothing still to be dispatched or sent is ever pruned.
 */
const days = (n: number) => new Date(Date.now() - n * 86_400_000);

/** The event a cohort's last status change wrote. */
async function eventOfCohort(db: Database, cohortId: string) {
  const [row] = await db.select().from(outboxEvents).where(sql`${outboxEvents.payload}->>'cohortId' = ${cohortId}`);
  if (!row) throw new Error(`no event for cohort ${cohortId}`);
  return row;
}

const backdateEvent = (db: Database, id: string, to: Date) =>
  db.update(outboxEvents).set({ occurredAt: to }).where(eq(outboxEvents.id, id));

async function stillThere(db: Database, ids: { events?: string[]; deliveries?: string[]; notifications?: string[] }) {
  const events = ids.events?.length
    ? (await db.select({ id: outboxEvents.id }).from(outboxEvents).where(inArray(outboxEvents.id, ids.events))).map(
        (r) => r.id,
      )
    : [];
  const deliveries = ids.deliveries?.length
    ? (
        await db
          .select({ id: webhookDeliveries.id })
          .from(webhookDeliveries)
          .where(inArray(webhookDeliveries.id, ids.deliveries))
      ).map((r) => r.id)
    : [];
  const mails = ids.notifications?.length
    ? (
        await db
          .select({ id: notifications.id })
          .from(notifications)
          .where(inArray(notifications.id, ids.notifications))
      ).map((r) => r.id)
    : [];
  return { events, deliveries, notifications: mails };
}

async function keptMail(db: Database, participantId: string, key: string, status: 'kept' | 'pending', made: Date) {
  const row = await insertNotification(db, {
    kind: 'invitation',
    dedupeKey: key,
    participantId,
    organisationId: null,
    organisationPath: '/',
    recipient: 'sanne@bibliotheek.example',
    subject: 'Uitnodiging',
    body: 'Welkom',
    status,
  });
  if (!row) throw new Error('not stored');
  await db.update(notifications).set({ createdAt: made }).where(eq(notifications.id, row.id));
  return row.id;
}

describe('pruning past the retention window', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof buildWorld>>;

  beforeAll(async () => {
    t = await startTestApp();
    world = await buildWorld(t);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('deletes what is settled and older than the window, and keeps everything else', async () => {
    const db = t.app.db;
    const subscription = await t
      .http()
      .post('/v1/webhook-subscriptions')
      .send({ url: 'https://lms.bibliotheek.example/loket', eventTypes: ['cohort.status_changed'] });
    expect(subscription.status).toBe(201);
    const [oldDelivered, oldPending, oldFailed, young] = [
      await world.cohortIn(world.libraryA, 'running'),
      await world.cohortIn(world.libraryA, 'running'),
      await world.cohortIn(world.libraryA, 'running'),
      await world.cohortIn(world.libraryA, 'running'),
    ].map((id) => id as string);
    const dispatched = await dispatchOutbox(db, await testMailing());
    expect(dispatched.deliveryIds).toHaveLength(4);
    const undispatched = await world.cohortIn(world.libraryA, 'running');

    const event = {
      oldDelivered: await eventOfCohort(db, oldDelivered as string),
      oldPending: await eventOfCohort(db, oldPending as string),
      oldFailed: await eventOfCohort(db, oldFailed as string),
      young: await eventOfCohort(db, young as string),
      undispatched: await eventOfCohort(db, undispatched),
    };
    const deliveryOf = async (eventId: string) => {
      const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId));
      if (!row) throw new Error('no delivery');
      return row.id;
    };
    const delivery = {
      oldDelivered: await deliveryOf(event.oldDelivered.id),
      oldPending: await deliveryOf(event.oldPending.id),
      oldFailed: await deliveryOf(event.oldFailed.id),
      young: await deliveryOf(event.young.id),
    };
    const settle = (id: string, status: 'delivered' | 'failed') =>
      recordDeliveryAttempt(db, id, {
        status,
        responseStatus: status === 'delivered' ? 204 : 503,
        error: status === 'delivered' ? null : 'The receiver answered 503.',
        at: new Date(),
        nextAttemptAt: new Date(),
      });
    await settle(delivery.oldDelivered, 'delivered');
    await settle(delivery.oldFailed, 'failed');
    await settle(delivery.young, 'delivered');
    for (const old of [event.oldDelivered, event.oldPending, event.oldFailed, event.undispatched]) {
      await backdateEvent(db, old.id, days(31));
    }
    await db
      .update(webhookDeliveries)
      .set({ createdAt: days(31) })
      .where(inArray(webhookDeliveries.id, [delivery.oldDelivered, delivery.oldPending, delivery.oldFailed]));
    const participantId = await world.participantIn(world.libraryA);
    const mail = {
      old: await keptMail(db, participantId, 'test:old', 'kept', days(31)),
      oldPending: await keptMail(db, participantId, 'test:old-pending', 'pending', days(31)),
      young: await keptMail(db, participantId, 'test:young', 'kept', days(29)),
    };

    const pruned = await pruneExpired(db, { eventDays: 30 });
    expect(pruned).toEqual({
      outboxEvents: 2,
      webhookDeliveries: 0,
      notifications: 1,
      idempotencyKeys: 0,
      oidcSignIns: 0,
    });

    const left = await stillThere(db, {
      events: Object.values(event).map((e) => e.id),
      deliveries: Object.values(delivery),
      notifications: Object.values(mail),
    });
    // Settled and old: gone, with their deliveries. A pending delivery or a pending dispatch keeps an event.
    expect(new Set(left.events)).toEqual(new Set([event.oldPending.id, event.young.id, event.undispatched.id]));
    expect(new Set(left.deliveries)).toEqual(new Set([delivery.oldPending, delivery.young]));
    expect(new Set(left.notifications)).toEqual(new Set([mail.oldPending, mail.young]));
    // A second pass finds nothing more.
    expect(await pruneExpired(db, { eventDays: 30 })).toEqual({
      outboxEvents: 0,
      webhookDeliveries: 0,
      notifications: 0,
      idempotencyKeys: 0,
      oidcSignIns: 0,
    });
  });

  it('prunes a settled delivery of a younger event (a redelivery made later) on its own', async () => {
    const db = t.app.db;
    const cohortId = await world.cohortIn(world.libraryB, 'running');
    const { deliveryIds } = await dispatchOutbox(db, await testMailing());
    const event = await eventOfCohort(db, cohortId);
    const [own] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, event.id));
    if (!own) throw new Error('no delivery');
    expect(deliveryIds).toContain(own.id);
    await recordDeliveryAttempt(db, own.id, {
      status: 'delivered',
      responseStatus: 204,
      error: null,
      at: new Date(),
      nextAttemptAt: new Date(),
    });
    await db
      .update(webhookDeliveries)
      .set({ createdAt: days(45) })
      .where(eq(webhookDeliveries.id, own.id));

    expect((await pruneExpired(db, { eventDays: 30 })).webhookDeliveries).toBe(1);
    expect(await stillThere(db, { events: [event.id], deliveries: [own.id] })).toEqual({
      events: [event.id],
      deliveries: [],
      notifications: [],
    });
  });
});

describe('the scheduled pruning', () => {
  let t: TestApp;

  // pg-boss creates its schema on first start: slow on PGlite on a busy machine.
  beforeAll(async () => {
    t = await startTestApp({
      backgroundJobs: true,
      outbox: { dispatchIntervalMs: 100 },
      retention: { eventDays: 7, intervalMs: 100 },
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('runs by itself in a process with background jobs, with the configured window', async () => {
    const world = await buildWorld(t);
    const db = t.app.db;
    const oldCohort = await world.cohortIn(world.libraryA, 'running');
    const youngCohort = await world.cohortIn(world.libraryA, 'running');
    const events = { old: await eventOfCohort(db, oldCohort), young: await eventOfCohort(db, youngCohort) };
    // The dispatcher hands both on by itself; then one of them is older than the window of 7 days.
    await eventually(async () => {
      const rows = await db
        .select()
        .from(outboxEvents)
        .where(inArray(outboxEvents.id, [events.old.id, events.young.id]));
      expect(rows.every((r) => r.dispatchedAt !== null)).toBe(true);
    });
    await backdateEvent(db, events.old.id, days(8));
    await backdateEvent(db, events.young.id, days(6));

    await eventually(async () => {
      expect((await stillThere(db, { events: [events.old.id, events.young.id] })).events).toEqual([events.young.id]);
    });
  });
});
