import { lookup } from 'node:dns/promises';
import { buildApp } from '@loket/api';
import { insertWebhookSubscription, webhookSubscriptions } from '@loket/db';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resolver } from '../../api/src/jobs/delivery-agent';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { buildWorld, eventually, type Received, startReceiver } from '../support/receiver';

/** A name that resolves to the local receiver, as a DNS record an attacker controls might. */
const rebinding = 'hooks.rebind.example';
const resolver: Resolver = async (hostname, options) =>
  hostname === rebinding ? [{ address: '127.0.0.1', family: 4 }] : lookup(hostname, options);

/** Quick retries so a flaky receiver is retried within the test. */
const outbox = { retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 400 }, dispatchIntervalMs: 200, resolver };

/** The recipe the README gives, as a receiver would write it: the standardwebhooks package over the raw body. */
function verifiesWithRecipe(secret: string, delivery: Received): boolean {
  const headers = Object.fromEntries(Object.entries(delivery.headers).map(([name, value]) => [name, String(value)]));
  try {
    new Webhook(secret).verify(delivery.body, headers);
    return true;
  } catch {
    return false;
  }
}

const signaturesOf = (delivery: Received) => String(delivery.headers['webhook-signature']).split(' ');

const bodyOf = (delivery: Received) =>
  JSON.parse(delivery.body) as { id: string; type: string; occurredAt: string; data: Record<string, unknown> };

describe('webhooks', () => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let world: Awaited<ReturnType<typeof buildWorld>>;

  // pg-boss creates its schema on first start: slow on PGlite on a busy machine.
  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestApp({ backgroundJobs: true, outbox });
    world = await buildWorld(t);
  }, 120_000);

  afterAll(async () => {
    // Every delivery any test received verified with the standardwebhooks package.
    if (receiver) expect(receiver.unverified()).toEqual([]);
    await t?.close();
    await receiver?.close();
  });

  const subscribe = async (path: string, eventTypes: string[], token?: string) => {
    const response = await t
      .http(token)
      .post('/v1/webhook-subscriptions')
      .send({ url: receiver.url(path), eventTypes });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    receiver.trust(path, response.body.secret);
    return response.body as { id: string; secret: string; organisationId: string | null; version: number };
  };

  it('sends a signed certificate.issued event that verifies with the documented recipe', async () => {
    const subscription = await subscribe('/issued', ['certificate.issued']);
    expect(subscription.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const read = await t.http().get(`/v1/webhook-subscriptions/${subscription.id}`);
    expect(read.body).not.toHaveProperty('secret');

    const { certificateId, enrolmentId } = await world.certify(world.libraryA);
    const [delivery] = await eventually(() => {
      const got = receiver.at('/issued');
      expect(got).toHaveLength(1);
      return got;
    });
    if (!delivery) throw new Error('no delivery');
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(verifiesWithRecipe(subscription.secret, delivery)).toBe(true);
    expect(delivery.verifiedWith).toEqual([subscription.secret]);
    expect(signaturesOf(delivery)).toEqual([expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/)]);
    expect(verifiesWithRecipe('whsec_c29tZW9uZSBlbHNl', delivery)).toBe(false);
    // The id is signed too: the same body and signature under another id do not verify.
    expect(
      verifiesWithRecipe(subscription.secret, { ...delivery, headers: { ...delivery.headers, 'webhook-id': 'x' } }),
    ).toBe(false);
    const body = bodyOf(delivery);
    expect(body).toMatchObject({ type: 'certificate.issued', data: { certificateId, enrolmentId } });
    expect(delivery.headers['webhook-id']).toBe(body.id);

    const log = await eventually(async () => {
      const response = await t.http().get(`/v1/webhook-subscriptions/${subscription.id}/deliveries`);
      expect(response.body.data[0]?.status).toBe('delivered');
      return response.body;
    });
    expect(log.data).toHaveLength(1);
    expect(log.data[0]).toMatchObject({ eventId: body.id, attempts: 1, responseStatus: 204, lastError: null });
  });

  it('connects to the address the name resolved to, once that address is checked', async () => {
    const port = new URL(receiver.url('/')).port;
    const response = await t
      .http()
      .post('/v1/webhook-subscriptions')
      .send({ url: `http://${rebinding}:${port}/resolved`, eventTypes: ['cohort.status_changed'] });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    receiver.trust('/resolved', response.body.secret);
    const cohortId = await world.cohortIn(world.libraryA);
    await t.http().patch(`/v1/cohorts/${cohortId}`).send({ status: 'running' }).expect(200);
    await eventually(() => expect(receiver.at('/resolved')).toHaveLength(1));
    expect(receiver.at('/resolved')[0]?.headers.host).toBe(`${rebinding}:${port}`);
  });

  it('retries with backoff: a receiver that fails twice gets the event on the third try', async () => {
    const subscription = await subscribe('/flaky', ['cohort.status_changed']);
    receiver.failFirst('/flaky', 2);
    const cohortId = await world.cohortIn(world.libraryA);
    await t.http().patch(`/v1/cohorts/${cohortId}`).send({ status: 'running' }).expect(200);

    const log = await eventually(async () => {
      const response = await t.http().get(`/v1/webhook-subscriptions/${subscription.id}/deliveries`);
      expect(response.body.data[0]?.status).toBe('delivered');
      return response.body;
    });
    expect(log.data[0]).toMatchObject({ attempts: 3, responseStatus: 204, status: 'delivered' });
    const attempts = receiver.at('/flaky');
    expect(attempts).toHaveLength(3);
    // The same event each time: receivers deduplicate on its id.
    expect(new Set(attempts.map((a) => bodyOf(a).id)).size).toBe(1);
    expect(bodyOf(attempts[2] as Received)).toMatchObject({
      type: 'cohort.status_changed',
      data: { cohortId, from: 'planned', to: 'running' },
    });
  });

  it('marks a delivery failed when the attempts are used up, and redelivers it on request', async () => {
    const subscription = await subscribe('/down', ['cohort.status_changed']);
    receiver.failFirst('/down', 3);
    const cohortId = await world.cohortIn(world.libraryA);
    await t.http().patch(`/v1/cohorts/${cohortId}`).send({ status: 'running' }).expect(200);
    const failed = await eventually(async () => {
      const response = await t.http().get(`/v1/webhook-subscriptions/${subscription.id}/deliveries?status=failed`);
      expect(response.body.data).toHaveLength(1);
      return response.body.data[0];
    });
    expect(failed).toMatchObject({ attempts: 3, responseStatus: 503, nextAttemptAt: null });
    expect(failed.lastError).toMatch(/503/);

    const redelivered = await t.http().post(`/v1/webhook-deliveries/${failed.id}/redeliver`);
    expect(redelivered.status, JSON.stringify(redelivered.body)).toBe(202);
    expect(redelivered.body).toMatchObject({ redeliveryOf: failed.id, eventId: failed.eventId, status: 'pending' });
    await eventually(async () => {
      const response = await t.http().get(`/v1/webhook-subscriptions/${subscription.id}/deliveries?status=delivered`);
      expect(response.body.data).toHaveLength(1);
    });
    const got = receiver.at('/down');
    expect(got).toHaveLength(4);
    expect(bodyOf(got[3] as Received).id).toBe(failed.eventId);
    expectProblem(await t.http().post('/v1/webhook-deliveries/00000000-0000-7000-8000-000000000000/redeliver'), 404);
  });

  it('sends a client only the events of its own province', async () => {
    const clientA = await world.clientOf(world.poiA, ['manage:webhooks']);
    const subscription = await subscribe('/province-a', ['enrolment.created', 'progress.updated'], clientA.token);
    expect(subscription.organisationId).toBe(world.poiA);

    const cohortB = await world.cohortIn(world.libraryB, 'running');
    const enrolmentB = await world.enrol(cohortB, await world.participantIn(world.libraryB));
    await t.http().put(`/v1/enrolments/${enrolmentB}/progress/boekstart`).send({ status: 'in_progress' }).expect(200);
    const cohortA = await world.cohortIn(world.libraryA, 'running');
    const enrolmentA = await world.enrol(cohortA, await world.participantIn(world.libraryA));
    await t.http().put(`/v1/enrolments/${enrolmentA}/progress/boekstart`).send({ status: 'in_progress' }).expect(200);

    await eventually(() => expect(receiver.at('/province-a')).toHaveLength(2));
    // Province B's events were committed first; a further pass must not bring them either.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const events = receiver.at('/province-a').map(bodyOf);
    expect(events.map((e) => e.type).sort()).toEqual(['enrolment.created', 'progress.updated']);
    expect(events.every((e) => e.data.enrolmentId === enrolmentA)).toBe(true);
    expect(events.find((e) => e.type === 'progress.updated')?.data).toMatchObject({
      moduleCode: 'boekstart',
      status: 'in_progress',
    });
  });

  it('publishes completion and revocation, to a province client too', async () => {
    const clientA = await world.clientOf(world.poiA, ['manage:webhooks']);
    await subscribe('/lifecycle', ['enrolment.completed', 'certificate.revoked'], clientA.token);
    const { certificateId, enrolmentId } = await world.certify(world.libraryA);
    await t
      .http()
      .post(`/v1/certificates/${certificateId}/revoke`)
      .send({ reason: 'Per vergissing uitgereikt' })
      .expect(200);
    const events = await eventually(() => {
      const got = receiver.at('/lifecycle').map(bodyOf);
      expect(got).toHaveLength(2);
      return got;
    });
    expect(events.find((e) => e.type === 'enrolment.completed')?.data).toMatchObject({ enrolmentId });
    expect(events.find((e) => e.type === 'certificate.revoked')?.data).toMatchObject({
      certificateId,
      enrolmentId,
      reason: 'Per vergissing uitgereikt',
    });
  });

  it('rotates the secret: both sign for a day, then only the new one', async () => {
    const subscription = await subscribe('/rotated', ['cohort.status_changed']);
    expect(subscription).toMatchObject({ previousSecretExpiresAt: null });
    const rotate = (ifMatch: string, key: string) =>
      t
        .http()
        .post(`/v1/webhook-subscriptions/${subscription.id}/rotate-secret`)
        .set('if-match', ifMatch)
        .set('idempotency-key', key);
    const before = Date.now();
    const rotated = await rotate('"1"', 'rotate-1');
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.headers.etag).toBe('"2"');
    expect(rotated.body).toMatchObject({ id: subscription.id, version: 2 });
    expect(rotated.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(rotated.body.secret).not.toBe(subscription.secret);
    const overlapEnds = Date.parse(rotated.body.previousSecretExpiresAt);
    expect(overlapEnds - before).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(overlapEnds - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
    // A retry after a lost answer gets the same secret, not a second rotation.
    const retried = await rotate('"1"', 'rotate-1');
    expect(retried.status).toBe(200);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body.secret).toBe(rotated.body.secret);
    expectProblem(await rotate('"1"', 'rotate-2'), 412);
    const read = await t.http().get(`/v1/webhook-subscriptions/${subscription.id}`);
    expect(read.body).toMatchObject({ version: 2, previousSecretExpiresAt: rotated.body.previousSecretExpiresAt });
    expect(read.body).not.toHaveProperty('secret');
    receiver.trust('/rotated', rotated.body.secret);

    const cohortId = await world.cohortIn(world.libraryA);
    await t.http().patch(`/v1/cohorts/${cohortId}`).send({ status: 'running' }).expect(200);
    const [during] = await eventually(() => {
      const got = receiver.at('/rotated');
      expect(got).toHaveLength(1);
      return got;
    });
    if (!during) throw new Error('no delivery');
    expect(signaturesOf(during)).toHaveLength(2);
    expect(verifiesWithRecipe(subscription.secret, during)).toBe(true);
    expect(verifiesWithRecipe(rotated.body.secret, during)).toBe(true);

    // The overlap ends (as a day later): only the new secret signs.
    await t.database.connection.db
      .update(webhookSubscriptions)
      .set({ previousSecretExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(webhookSubscriptions.id, subscription.id));
    expect((await t.http().get(`/v1/webhook-subscriptions/${subscription.id}`)).body.previousSecretExpiresAt).toBe(
      null,
    );
    await t.http().patch(`/v1/cohorts/${cohortId}`).send({ status: 'evaluating' }).expect(200);
    const after = await eventually(() => {
      const got = receiver.at('/rotated');
      expect(got).toHaveLength(2);
      return got[1];
    });
    if (!after) throw new Error('no delivery');
    expect(signaturesOf(after)).toHaveLength(1);
    expect(verifiesWithRecipe(rotated.body.secret, after)).toBe(true);
    expect(verifiesWithRecipe(subscription.secret, after)).toBe(false);

    const clientA = await world.clientOf(world.poiA, ['manage:webhooks']);
    expectProblem(await t.http(clientA.token).post(`/v1/webhook-subscriptions/${subscription.id}/rotate-secret`), 404);
    expectProblem(
      await t.http().post('/v1/webhook-subscriptions/00000000-0000-7000-8000-000000000000/rotate-secret'),
      404,
    );
    const audit = await t.http().get(`/v1/audit-events?resourceId=${subscription.id}`);
    expect(JSON.stringify(audit.body)).not.toContain(rotated.body.secret.slice(6));
    expect(audit.body.data.map((e: { action: string }) => e.action)).toContain('webhook_subscription.secret_rotated');
  });

  it('lets a client manage only its own subscriptions, and an admin all', async () => {
    const clientA = await world.clientOf(world.poiA, ['manage:webhooks']);
    const clientB = await world.clientOf(world.poiB, ['manage:webhooks']);
    const own = await subscribe('/b-own', ['certificate.revoked'], clientB.token);
    const listB = await t.http(clientB.token).get('/v1/webhook-subscriptions');
    expect(listB.body.data.map((s: { id: string }) => s.id)).toEqual([own.id]);
    expectProblem(await t.http(clientA.token).get(`/v1/webhook-subscriptions/${own.id}`), 404);
    expectProblem(await t.http(clientA.token).get(`/v1/webhook-subscriptions/${own.id}/deliveries`), 404);
    expectProblem(await t.http(clientA.token).delete(`/v1/webhook-subscriptions/${own.id}`), 404);
    const all = await t.http().get('/v1/webhook-subscriptions?limit=200');
    expect(all.body.data.map((s: { id: string }) => s.id)).toContain(own.id);

    const paused = await t
      .http(clientB.token)
      .patch(`/v1/webhook-subscriptions/${own.id}`)
      .set('if-match', '"1"')
      .send({ active: false });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ active: false, version: 2 });
    expectProblem(
      await t
        .http(clientB.token)
        .patch(`/v1/webhook-subscriptions/${own.id}`)
        .set('if-match', '"1"')
        .send({ url: 'https://x.example/' }),
      412,
    );
    const readOnly = await world.clientOf(world.poiB, ['read:reports']);
    expectProblem(await t.http(readOnly.token).get('/v1/webhook-subscriptions'), 403);
    expect((await t.http(clientB.token).delete(`/v1/webhook-subscriptions/${own.id}`)).status).toBe(204);
    expectProblem(await t.http().get(`/v1/webhook-subscriptions/${own.id}`), 404);
  });

  it('refuses a subscription without a usable URL or with an unknown event type, storing nothing', async () => {
    const before = (await t.http().get('/v1/webhook-subscriptions')).body.page.total;
    const badUrl = await t
      .http()
      .post('/v1/webhook-subscriptions')
      .send({ url: 'ftp://files.example/x', eventTypes: ['certificate.issued'] });
    expect(badUrl.status).toBe(422);
    expect(badUrl.body.errors[0].path).toBe('/url');
    const badType = await t
      .http()
      .post('/v1/webhook-subscriptions')
      .send({ url: 'https://lms.example/hook', eventTypes: ['certificate.printed'] });
    expect(badType.status).toBe(422);
    const none = await t
      .http()
      .post('/v1/webhook-subscriptions')
      .send({ url: 'https://lms.example/hook', eventTypes: [] });
    expect(none.status).toBe(422);
    expect((await t.http().get('/v1/webhook-subscriptions')).body.page.total).toBe(before);
  });
});

describe('webhook targets inside the network', () => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let world: Awaited<ReturnType<typeof buildWorld>>;
  const internal = [
    'http://169.254.169.254/latest/meta-data/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://10.0.0.1/',
    'http://192.168.0.1/',
    'http://[fd00::1]/',
    'http://127.1/',
    'http://2130706433/',
    'http://0x7f000001/',
    'http://127.0.0.1:5432/',
    'http://user:pass@127.0.0.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://localhost/',
    'http://100.64.0.1/',
    'https://user:secret@hooks.example/',
  ];

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestApp({ backgroundJobs: true, outbox, allowPrivateWebhookTargets: false });
    world = await buildWorld(t);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('refuses them at subscription, from an admin and from a bound client, storing nothing', async () => {
    const client = await world.clientOf(world.libraryA, ['manage:webhooks']);
    for (const token of [undefined, client.token]) {
      for (const url of internal) {
        const response = await t
          .http(token)
          .post('/v1/webhook-subscriptions')
          .send({ url, eventTypes: ['certificate.issued'] });
        const problem = expectProblem(response, 422, 'webhook-target-refused');
        expect(problem.errors, url).toEqual([{ path: '/url', message: problem.detail }]);
      }
    }
    expect((await t.http().get('/v1/webhook-subscriptions')).body.page.total).toBe(0);
  });

  it('refuses them when a subscription is changed, which then stays as it was', async () => {
    const created = await t
      .http()
      .post('/v1/webhook-subscriptions')
      .send({ url: 'https://lms.bibliotheek.example/hook', eventTypes: ['certificate.issued'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const changed = await t
      .http()
      .patch(`/v1/webhook-subscriptions/${created.body.id}`)
      .set('if-match', '"1"')
      .send({ url: 'http://[::ffff:169.254.169.254]/' });
    expectProblem(changed, 422, 'webhook-target-refused');
    const stored = await t.http().get(`/v1/webhook-subscriptions/${created.body.id}`);
    expect(stored.body).toMatchObject({ url: 'https://lms.bibliotheek.example/hook', version: 1 });
    await t.http().delete(`/v1/webhook-subscriptions/${created.body.id}`).set('if-match', '"1"').expect(204);
  });

  it('refuses a name that resolves inside the network at delivery, without contacting it', async () => {
    const port = new URL(receiver.url('/')).port;
    const subscription = await t
      .http()
      .post('/v1/webhook-subscriptions')
      .send({ url: `http://${rebinding}:${port}/rebound`, eventTypes: ['cohort.status_changed'] });
    expect(subscription.status, JSON.stringify(subscription.body)).toBe(201);
    const cohortId = await world.cohortIn(world.libraryA);
    await t.http().patch(`/v1/cohorts/${cohortId}`).send({ status: 'running' }).expect(200);
    const refused = await eventually(async () => {
      const response = await t.http().get(`/v1/webhook-subscriptions/${subscription.body.id}/deliveries`);
      expect(response.body.data[0]?.status).toBe('refused');
      return response.body.data[0];
    });
    expect(refused).toMatchObject({ attempts: 1, responseStatus: null, nextAttemptAt: null, deliveredAt: null });
    expect(refused.lastError).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(receiver.received).toHaveLength(0);
    const onlyRefused = await t
      .http()
      .get(`/v1/webhook-subscriptions/${subscription.body.id}/deliveries?status=refused`);
    expect(onlyRefused.body.data).toHaveLength(1);
  });

  it('refuses a stored subscription to an internal address at delivery, reporting no status code', async () => {
    // As made before these rules, or while an operator allowed private targets.
    const stored = await insertWebhookSubscription(t.database.connection.db, {
      url: receiver.url('/stored'),
      eventTypes: ['cohort.status_changed'],
      secret: 'whsec_stored',
      ownerType: 'user',
      ownerId: 'someone',
    });
    const cohortId = await world.cohortIn(world.libraryA);
    await t.http().patch(`/v1/cohorts/${cohortId}`).send({ status: 'running' }).expect(200);
    const refused = await eventually(async () => {
      const response = await t.http().get(`/v1/webhook-subscriptions/${stored.id}/deliveries`);
      expect(response.body.data[0]?.status).toBe('refused');
      return response.body.data[0];
    });
    expect(refused).toMatchObject({ attempts: 1, responseStatus: null, nextAttemptAt: null });
    expect(refused.lastError).toMatch(/^Refused: 127\.0\.0\.1 is a loopback address/);
    expect(receiver.received).toHaveLength(0);
  });
});

describe('a crash between commit and delivery', () => {
  it('delivers after a restart: the event waits in the outbox', async () => {
    const receiver = await startReceiver();
    // The first process writes the change but runs no workers, then goes away.
    const t = await startTestApp({ backgroundJobs: false });
    try {
      const world = await buildWorld(t);
      const subscription = (
        await t
          .http()
          .post('/v1/webhook-subscriptions')
          .send({ url: receiver.url('/after-restart'), eventTypes: ['cohort.status_changed'] })
      ).body as { id: string; secret: string };
      const cohortId = await world.cohortIn(world.libraryA);
      await t.http().patch(`/v1/cohorts/${cohortId}`).send({ status: 'running' }).expect(200);
      await t.app.close();
      expect(receiver.received).toHaveLength(0);

      const restarted = await buildApp({
        connection: t.database.connection,
        jwtSecret: t.jwtSecret,
        backgroundJobs: true,
        outbox,
        allowPrivateWebhookTargets: true,
      });
      try {
        await restarted.ready();
        const [delivery] = await eventually(() => {
          const got = receiver.at('/after-restart');
          expect(got).toHaveLength(1);
          return got;
        });
        if (!delivery) throw new Error('no delivery');
        expect(verifiesWithRecipe(subscription.secret, delivery)).toBe(true);
        expect(receiver.received.every((received) => verifiesWithRecipe(subscription.secret, received))).toBe(true);
        expect(bodyOf(delivery).data).toMatchObject({ cohortId, to: 'running' });
      } finally {
        await restarted.close();
      }
    } finally {
      await t.database.drop();
      await receiver.close();
    }
  }, 90_000);
});
