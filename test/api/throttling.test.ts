import { buildApp } from '@loket/api';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';

const password = 'een lange zin als wachtwoord';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function createUser(t: TestApp, email: string) {
  const response = await t
    .http()
    .post('/v1/users')
    .send({ email, displayName: email, role: 'admin', organisationId: t.kb.id, password });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

/** A sign-in as sent through a reverse proxy on behalf of the client at `from`. */
const signIn = (t: TestApp, from: string, username: string, secret = password) =>
  t
    .http(null)
    .post('/v1/auth/token')
    .set('x-forwarded-for', from)
    .send({ grant_type: 'password', username, password: secret });

describe('sign-in backoff behind a trusted proxy', () => {
  let t: TestApp;

  beforeAll(async () => {
    // supertest connects from the loopback address: the proxy, as far as the app knows.
    t = await startTestApp({ content: false, trustProxy: 'loopback', signInBackoff: { accountCeiling: 10 } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('does not lock the owner out when someone else guesses from another address', async () => {
    await createUser(t, 'owner@kb.example');
    for (let i = 0; i < 5; i++) expectProblem(await signIn(t, '203.0.113.7', 'owner@kb.example', `gok ${i}`), 400);
    const attacker = await signIn(t, '203.0.113.7', 'owner@kb.example', 'nog een gok');
    expectProblem(attacker, 429, 'sign-in-delayed');
    expect(Number(attacker.headers['retry-after'])).toBeGreaterThan(0);

    const owner = await signIn(t, '198.51.100.20', 'owner@kb.example');
    expect(owner.status, JSON.stringify(owner.body)).toBe(200);
  });

  it('counts an IPv6 client by its /64, which one household or office holds', async () => {
    await createUser(t, 'ipv6@kb.example');
    for (let i = 0; i < 5; i++) expectProblem(await signIn(t, '2001:db8:1:2::a', 'ipv6@kb.example', `gok ${i}`), 400);
    expectProblem(await signIn(t, '2001:db8:1:2::b', 'ipv6@kb.example', 'gok'), 429, 'sign-in-delayed');
    expect((await signIn(t, '2001:db8:1:3::a', 'ipv6@kb.example')).status).toBe(200);
  });

  it('doubles the wait with every further failure, and forgets the failures after a success', async () => {
    await createUser(t, 'doubling@kb.example');
    const from = '203.0.113.8';
    for (let i = 0; i < 5; i++) expectProblem(await signIn(t, from, 'doubling@kb.example', `gok ${i}`), 400);
    const waits: string[] = [];
    for (let round = 0; round < 3; round++) {
      const delayed = await signIn(t, from, 'doubling@kb.example', 'te vroeg');
      expectProblem(delayed, 429, 'sign-in-delayed');
      waits.push(String(delayed.headers['retry-after']));
      await sleep(Number(delayed.headers['retry-after']) * 1000 + 100);
      if (round < 2) expectProblem(await signIn(t, from, 'doubling@kb.example', `gok na ${round}`), 400);
    }
    expect(waits).toEqual(['1', '2', '4']);
    expect((await signIn(t, from, 'doubling@kb.example')).status).toBe(200);
    expectProblem(await signIn(t, from, 'doubling@kb.example', 'weer fout'), 400, 'invalid-grant');
  }, 30_000);

  it('counts guesses sent in parallel like guesses sent one by one', async () => {
    await createUser(t, 'parallel@kb.example');
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => signIn(t, '203.0.113.9', 'parallel@kb.example', `gok ${i}`)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429, 429, 429, 429]);
  });

  it('slows guessing spread over many addresses, yet lets an address that has not failed in', async () => {
    await createUser(t, 'spread@kb.example');
    // Up to the account's ceiling (10 here) each address may fail five times; beyond it, once.
    for (let i = 1; i <= 11; i++) expectProblem(await signIn(t, `192.0.2.${i}`, 'spread@kb.example', 'gok'), 400);
    const slowed = await signIn(t, '192.0.2.11', 'spread@kb.example', 'gok');
    expectProblem(slowed, 429, 'sign-in-delayed');
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    expectProblem(await signIn(t, '192.0.2.12', 'spread@kb.example', 'gok'), 400);
    expectProblem(await signIn(t, '192.0.2.12', 'spread@kb.example', 'gok'), 429, 'sign-in-delayed');
    // An address that failed before the ceiling was passed is not held back after the fact.
    expectProblem(await signIn(t, '192.0.2.1', 'spread@kb.example', 'gok'), 400);
    expect((await signIn(t, '192.0.2.200', 'spread@kb.example')).status).toBe(200);
  });
});

describe('X-Forwarded-For without TRUST_PROXY', () => {
  it('is not believed: a client cannot escape its own backoff by naming other addresses', async () => {
    const t = await startTestApp({ content: false });
    try {
      await createUser(t, 'spoofed@kb.example');
      for (let i = 0; i < 5; i++) {
        expectProblem(await signIn(t, `203.0.113.${i + 1}`, 'spoofed@kb.example', `gok ${i}`), 400);
      }
      expectProblem(await signIn(t, '198.51.100.1', 'spoofed@kb.example'), 429, 'sign-in-delayed');
    } finally {
      await t.close();
    }
  });
});

describe('the sign-in limit per client address behind a trusted proxy', () => {
  it('gives each client its own bucket', async () => {
    const t = await startTestApp({ content: false, loginRateLimit: 3, trustProxy: 1 });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await signIn(t, '203.0.113.50', `a${i}@b.example`, 'x')).status);
      expect(statuses).toEqual([400, 400, 400, 429]);
      expectProblem(await signIn(t, '203.0.113.50', 'a@b.example', 'x'), 429, 'rate-limited');
      expectProblem(await signIn(t, '203.0.113.51', 'a@b.example', 'x'), 400, 'invalid-grant');
    } finally {
      await t.close();
    }
  });
});

describe('per-caller limits on authenticated routes', () => {
  let t: TestApp;
  const callerLimits = { userPerMinute: 3, clientPerMinute: 4 };

  beforeAll(async () => {
    t = await startTestApp({ content: false, callerLimits });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After beyond the limit, per token subject, not per address', async () => {
    const one = await t.tokenFor('admin', { organisationId: t.kb.id });
    const other = await t.tokenFor('admin', { organisationId: t.kb.id });
    for (let i = 0; i < 3; i++) expect((await t.http(one).get('/v1/organisations')).status).toBe(200);
    const refused = await t.http(one).get('/v1/organisations');
    expectProblem(refused, 429, 'rate-limited');
    const wait = Number(refused.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(
      (await t.http(one).post('/v1/organisations').send({ kind: 'poi', name: 'X', parentId: t.kb.id })).status,
    ).toBe(429);
    expect((await t.http(other).get('/v1/organisations')).status).toBe(200);
  });

  it('keeps the count in the database, so a second API process counts against the same limit', async () => {
    const token = await t.tokenFor('admin', { organisationId: t.kb.id });
    const second = await buildApp({
      connection: t.database.connection,
      jwtSecret: t.jwtSecret,
      loginRateLimit: 10_000,
      callerLimits,
    });
    try {
      await second.ready();
      const viaSecond = () => supertest(second.server).get('/v1/organisations').set('authorization', `Bearer ${token}`);
      expect((await t.http(token).get('/v1/organisations')).status).toBe(200);
      expect((await viaSecond()).status).toBe(200);
      expect((await t.http(token).get('/v1/organisations')).status).toBe(200);
      expectProblem(await viaSecond(), 429, 'rate-limited');
    } finally {
      await second.close();
    }
  });

  it('counts an API client by its client id, with the client limit', async () => {
    const client = await t
      .http()
      .post('/v1/api-clients')
      .send({ name: 'Leerplatform', scopes: ['read:catalogue'] });
    expect(client.status, JSON.stringify(client.body)).toBe(201);
    const tokenOf = async () =>
      (
        await t.http(null).post('/v1/auth/token').send({
          grant_type: 'client_credentials',
          client_id: client.body.clientId,
          client_secret: client.body.clientSecret,
        })
      ).body.access_token as string;
    const first = await tokenOf();
    const second = await tokenOf();
    const statuses = [];
    for (const token of [first, second, first, second, first]) {
      statuses.push((await t.http(token).get('/v1/modules')).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it('documents the 429 as a problem on authenticated routes', async () => {
    const document = (await t.http(null).get('/v1/openapi.json')).body;
    for (const [path, method] of [
      ['/v1/organisations', 'get'],
      ['/v1/participants/{id}', 'patch'],
      ['/v1/xapi/statements', 'post'],
    ] as const) {
      expect(Object.keys(document.paths[path][method].responses['429'].content)).toEqual(['application/problem+json']);
    }
  });
});
