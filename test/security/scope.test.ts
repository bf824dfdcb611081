import { randomUUID } from 'node:crypto';
import { everything, findOrganisation, insertApiClient, insertRefreshToken, insertUser } from '@loket/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessClaims } from '../../api/src/plugins/authentication';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { buildWorld } from '../support/receiver';

/**
 * Scope fails closed: a token that names no part of the country sees nothing, unless it is an
 * admin's or an API client's that is bound to no organisation (both national by design).
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let participantId = '';
let coordinatorId = '';
let libraryAPath = '';
/** A live sign-in session of the coordinator, and live API clients: tokens are checked against them. */
let sessionId = '';
const clientIds: Record<'bound' | 'national', string> = { bound: '', national: '' };

const sign = (claims: AccessClaims) =>
  t.app.jwt.sign(
    claims.typ === 'user'
      ? { ...claims, sid: sessionId }
      : { ...claims, sub: claims.org ? clientIds.bound : clientIds.national },
  );

beforeAll(async () => {
  t = await startTestApp();
  world = await buildWorld(t);
  participantId = await world.participantIn(world.libraryA);
  const coordinator = await insertUser(t.database.connection.db, {
    email: 'coordinator@helmond.example',
    displayName: 'Coördinator Helmond',
    role: 'coordinator',
    organisationId: world.libraryA,
  });
  coordinatorId = coordinator.id;
  sessionId = randomUUID();
  await insertRefreshToken(t.database.connection.db, {
    userId: coordinatorId,
    familyId: sessionId,
    tokenHash: randomUUID(),
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  for (const [kind, organisationId] of [
    ['bound', world.libraryA],
    ['national', null],
  ] as const) {
    const client = await insertApiClient(t.database.connection.db, {
      clientId: `scope-test-${kind}`,
      name: `Scope test (${kind})`,
      secretHash: 'not used: the test signs its tokens',
      scopes: ['read:participants', 'manage:webhooks'],
      organisationId,
    });
    clientIds[kind] = client.id;
  }
  libraryAPath = (await findOrganisation(t.database.connection.db, everything, world.libraryA))?.path ?? '';
  expect(libraryAPath).not.toBe('');
});

afterAll(async () => {
  await t.close();
});

describe('a token without a scope path', () => {
  it.each([
    ['a coordinator', { role: 'coordinator' as const }],
    ['an adviser', { role: 'adviser' as const }],
    ['a facilitator', { role: 'facilitator' as const }],
  ])('gives %s nothing: empty lists and 404 for records', async (_who, { role }) => {
    const token = sign({ sub: coordinatorId, typ: 'user', role });
    const list = await t.http(token).get('/v1/participants');
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body).toMatchObject({ data: [], page: { total: 0 } });
    expect((await t.http(token).get('/v1/cohorts')).body.page.total).toBe(0);
    expect((await t.http(token).get('/v1/organisations')).body.page.total).toBe(0);
    expectProblem(await t.http(token).get(`/v1/participants/${participantId}`), 404);
  });

  it('lets an account reader read no account, by list or by id', async () => {
    const token = sign({ sub: coordinatorId, typ: 'user', role: 'coordinator' });
    expect((await t.http(token).get('/v1/users')).body.page.total).toBe(0);
    expectProblem(await t.http(token).get(`/v1/users/${coordinatorId}`), 404);
    const bound = sign({
      sub: coordinatorId,
      typ: 'user',
      role: 'coordinator',
      org: world.libraryA,
      path: libraryAPath,
    });
    expect((await t.http(bound).get(`/v1/users/${coordinatorId}`)).status).toBe(200);
  });

  it('gives a participant token without its participant nothing', async () => {
    const token = sign({ sub: coordinatorId, typ: 'user', role: 'participant' });
    expect((await t.http(token).get('/v1/enrolments')).body.page.total).toBe(0);
    expectProblem(await t.http(token).get(`/v1/participants/${participantId}`), 404);
  });

  it('gives an API client bound to an organisation, but without its path, nothing', async () => {
    const token = sign({ sub: coordinatorId, typ: 'client', scp: ['read:participants'], org: world.libraryA });
    expect((await t.http(token).get('/v1/participants')).body.page.total).toBe(0);
    expectProblem(await t.http(token).get(`/v1/participants/${participantId}`), 404);
    const webhooks = sign({ sub: coordinatorId, typ: 'client', scp: ['manage:webhooks'], org: world.libraryA });
    const subscription = await t
      .http(webhooks)
      .post('/v1/webhook-subscriptions')
      .send({ url: 'https://lms.example/hook', eventTypes: ['certificate.issued'] });
    expectProblem(subscription, 403, 'forbidden');
    expect((await t.http().get('/v1/webhook-subscriptions')).body.page.total).toBe(0);
  });

  it('still gives an admin and an unbound API client the whole country', async () => {
    const admin = sign({ sub: coordinatorId, typ: 'user', role: 'admin' });
    expect((await t.http(admin).get(`/v1/participants/${participantId}`)).status).toBe(200);
    const client = sign({ sub: coordinatorId, typ: 'client', scp: ['read:participants'] });
    expect((await t.http(client).get(`/v1/participants/${participantId}`)).status).toBe(200);
  });
});
