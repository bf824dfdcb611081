import { refreshTokens } from '@loket/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { forgeToken } from '../support/jwt';
import { auditTrail } from '../support/records';

let t: TestApp;
let library: { id: string };
const password = 'een lange zin als wachtwoord';
const logLines: string[] = [];

async function signIn(username: string, secret = password) {
  return t.http(null).post('/v1/auth/token').type('form').send({ grant_type: 'password', username, password: secret });
}

async function createUser(email: string, role = 'coordinator', organisationId = library.id) {
  const response = await t.http().post('/v1/users').send({ email, displayName: email, role, organisationId, password });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; version: number };
}

beforeAll(async () => {
  t = await startTestApp({
    content: false,
    logStream: { write: (line) => void logLines.push(line) },
    // A first wait of a minute: long enough that no slow run outlives it between two attempts.
    signInBackoff: { baseDelayMs: 60_000 },
  });
  const poi = await t.http().post('/v1/organisations').send({ kind: 'poi', name: 'ProBiblio', parentId: t.kb.id });
  library = (
    await t
      .http()
      .post('/v1/organisations')
      .send({ kind: 'library', name: 'Bibliotheek Hilversum', parentId: poi.body.id })
  ).body;
  await createUser('coordinator@hilversum.example');
});

afterAll(async () => {
  await t.close();
});

describe('POST /v1/auth/token with the password grant', () => {
  it('signs a person in, and the access token says who they are', async () => {
    const response = await signIn('coordinator@hilversum.example');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(response.body.refresh_token).toEqual(expect.any(String));
    const me = await t.http(response.body.access_token).get('/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      type: 'user',
      email: 'coordinator@hilversum.example',
      role: 'coordinator',
      organisation: { id: library.id, name: 'Bibliotheek Hilversum', kind: 'library' },
    });
    expect(me.body.permissions).toContain('participants:write');
    expect(me.body.permissions).not.toContain('users:manage');
  });

  it('accepts JSON as well as a form', async () => {
    const response = await t
      .http(null)
      .post('/v1/auth/token')
      .send({ grant_type: 'password', username: 'COORDINATOR@hilversum.example', password });
    expect(response.status).toBe(200);
  });

  it('answers a wrong password and an unknown account exactly alike', async () => {
    const wrong = await signIn('coordinator@hilversum.example', 'niet het goede wachtwoord');
    const unknown = await signIn('nobody@hilversum.example', 'niet het goede wachtwoord');
    const a = expectProblem(wrong, 400, 'invalid-grant');
    const b = expectProblem(unknown, 400, 'invalid-grant');
    expect({ ...a, requestId: null }).toEqual({ ...b, requestId: null });
    expect((a as { error?: string }).error).toBe('invalid_grant');
  });

  it('delays an address after five failed attempts, for a known and an unknown account alike', async () => {
    await createUser('delayed@hilversum.example');
    const answers: Record<string, unknown> = {};
    for (const username of ['delayed@hilversum.example', 'nobody.delayed@hilversum.example']) {
      for (let i = 0; i < 5; i++) expectProblem(await signIn(username, `fout wachtwoord ${i}`), 400, 'invalid-grant');
      const delayed = await signIn(username, 'nog een gok');
      const problem = expectProblem(delayed, 429, 'sign-in-delayed');
      expect(delayed.headers['retry-after']).toBe('60');
      answers[username] = { ...problem, requestId: null };
    }
    expect(answers['delayed@hilversum.example']).toEqual(answers['nobody.delayed@hilversum.example']);
    // Not even the right password is looked at while the address waits.
    expectProblem(await signIn('delayed@hilversum.example'), 429, 'sign-in-delayed');
  });

  it('refuses a disabled account', async () => {
    const user = await createUser('disabled@hilversum.example');
    await t.http().patch(`/v1/users/${user.id}`).send({ disabled: true }).expect(200);
    expectProblem(await signIn('disabled@hilversum.example'), 400, 'invalid-grant');
  });

  it('refuses a request without the grant\u2019s fields', async () => {
    expectProblem(await t.http(null).post('/v1/auth/token').send({ grant_type: 'password' }), 400, 'invalid-request');
    expectProblem(await t.http(null).post('/v1/auth/token').send({ grant_type: 'implicit' }), 422, 'validation');
  });

  it('records the sign-in in the audit log, and keeps secrets out of the logs', async () => {
    const me = await t.http((await signIn('coordinator@hilversum.example')).body.access_token).get('/v1/me');
    const events = await auditTrail(t, me.body.id);
    expect(events.map((e) => e.action)).toContain('auth.signed_in');
    const logs = logLines.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(password);
    expect(logs).not.toMatch(/Bearer ey/);
  });
});

describe('POST /v1/auth/token with the refresh_token grant', () => {
  it('rotates the refresh token, and reuse of a spent one ends the whole session', async () => {
    const first = (await signIn('coordinator@hilversum.example')).body;
    const refresh = () => (token: string) =>
      t.http(null).post('/v1/auth/token').send({ grant_type: 'refresh_token', refresh_token: token });
    const second = await refresh()(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);

    expectProblem(await refresh()(first.refresh_token), 400, 'invalid-grant');
    // The thief's reuse also ended the legitimate holder's newer token.
    expectProblem(await refresh()(second.body.refresh_token), 400, 'invalid-grant');
    const family = await t.database.connection.db.select().from(refreshTokens);
    expect(
      family.filter((r) => r.revokedAt === null && r.usedAt === null && r.expiresAt > new Date()).length,
    ).toBeGreaterThan(0);
  });

  it('refuses an unknown refresh token', async () => {
    expectProblem(
      await t.http(null).post('/v1/auth/token').send({ grant_type: 'refresh_token', refresh_token: 'nope' }),
      400,
    );
  });
});

describe('POST /v1/auth/revoke', () => {
  it('signs out: the refresh token no longer works', async () => {
    const tokens = (await signIn('coordinator@hilversum.example')).body;
    await t.http(null).post('/v1/auth/revoke').type('form').send({ token: tokens.refresh_token }).expect(200);
    expectProblem(
      await t
        .http(null)
        .post('/v1/auth/token')
        .send({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
      400,
    );
    await t.http(null).post('/v1/auth/revoke').send({ token: 'unknown' }).expect(200);
  });
});

describe('access tokens', () => {
  const claims = () => ({ sub: '01936000-0000-7000-8000-000000000001', typ: 'user', role: 'admin' });

  it('refuses a request without a token, with a Bearer challenge', async () => {
    const response = await t.http(null).get('/v1/organisations');
    expectProblem(response, 401, 'unauthorized');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expectProblem(await t.http(null).get('/v1/organisations').set('authorization', 'Token abc'), 401);
  });

  it('refuses an expired token', async () => {
    const expired = t.app.jwt.sign(
      { sub: claims().sub, typ: 'user', role: 'admin' },
      { clockTimestamp: Date.now() - 3_600_000 },
    );
    const response = await t.http(expired).get('/v1/organisations');
    expect(expectProblem(response, 401).detail).toMatch(/expired/);
  });

  it.each([
    ['alg none', () => forgeToken({ alg: 'none', typ: 'JWT' }, claims(), null)],
    ['another key', () => forgeToken({ alg: 'HS256', typ: 'JWT' }, claims(), 'not-the-secret-not-the-secret-123')],
    [
      'another algorithm with the right key',
      () => forgeToken({ alg: 'HS512', typ: 'JWT' }, claims(), t.jwtSecret, 'sha512'),
    ],
    ['no issuer or audience', () => forgeToken({ alg: 'HS256', typ: 'JWT' }, claims(), t.jwtSecret)],
    ['garbage', () => 'abc.def.ghi'],
  ])('refuses a token with %s', async (_case, token) => {
    expectProblem(await t.http(token()).get('/v1/organisations'), 401, 'unauthorized');
  });
});

describe('API clients', () => {
  it('get a token for their scopes only, by body or HTTP Basic, until revoked', async () => {
    const created = await t
      .http()
      .post('/v1/api-clients')
      .send({ name: 'E-learningspeler', scopes: ['read:catalogue'] });
    expect(created.status).toBe(201);
    const { clientId, clientSecret, id } = created.body;
    expect(clientSecret).toEqual(expect.any(String));
    expect((await t.http().get(`/v1/api-clients/${id}`)).body).not.toHaveProperty('clientSecret');

    const byBody = await t
      .http(null)
      .post('/v1/auth/token')
      .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    expect(byBody.status).toBe(200);
    expect(byBody.body.scope).toBe('read:catalogue');
    expect(byBody.body).not.toHaveProperty('refresh_token');
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    const byBasic = await t
      .http(null)
      .post('/v1/auth/token')
      .set('authorization', `Basic ${basic}`)
      .send({ grant_type: 'client_credentials' });
    expect(byBasic.status).toBe(200);

    const token = byBody.body.access_token;
    expect((await t.http(token).get('/v1/modules')).status).toBe(200);
    expectProblem(await t.http(token).get('/v1/participants'), 403, 'forbidden');
    expect((await t.http(token).get('/v1/me')).body).toMatchObject({
      type: 'client',
      name: 'E-learningspeler',
      scopes: ['read:catalogue'],
    });

    await t.http().post(`/v1/api-clients/${id}/revoke`).expect(200);
    const afterRevoke = await t
      .http(null)
      .post('/v1/auth/token')
      .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    expectProblem(afterRevoke, 401, 'invalid-client');
  });

  it('refuses a wrong secret', async () => {
    const created = await t
      .http()
      .post('/v1/api-clients')
      .send({ name: 'Rapportage', scopes: ['read:participants'] });
    const response = await t
      .http(null)
      .post('/v1/auth/token')
      .send({ grant_type: 'client_credentials', client_id: created.body.clientId, client_secret: 'wrong' });
    expectProblem(response, 401, 'invalid-client');
  });
});

describe('users', () => {
  it('refuses passwords a person should not use, and accounts bound the wrong way', async () => {
    const base = {
      email: 'new@hilversum.example',
      displayName: 'Nieuw',
      role: 'coordinator',
      organisationId: library.id,
    };
    for (const weak of ['kort', 'wachtwoord1', 'new@hilversum.example', 'aaaaaaaaaaaa']) {
      const response = await t
        .http()
        .post('/v1/users')
        .send({ ...base, password: weak });
      expect(expectProblem(response, 422).errors?.[0]?.path, weak).toBe('/password');
    }
    const adviserAtLibrary = await t
      .http()
      .post('/v1/users')
      .send({ ...base, role: 'adviser', password });
    expect(expectProblem(adviserAtLibrary, 422).errors?.[0]?.path).toBe('/organisationId');
    const duplicate = await t
      .http()
      .post('/v1/users')
      .send({ ...base, email: 'coordinator@hilversum.example', password });
    expectProblem(duplicate, 409, 'email-taken');
  });

  it('may only be managed by admins; a coordinator reads only their library’s accounts', async () => {
    const coordinator = (await signIn('coordinator@hilversum.example')).body.access_token;
    const visible = await t.http(coordinator).get('/v1/users?limit=200');
    expect(visible.status).toBe(200);
    const everyone = await t.http().get('/v1/users?limit=200');
    expect(visible.body.page.total).toBeLessThan(everyone.body.page.total);
    const outside = (everyone.body.data as Array<{ id: string; organisationId: string | null }>).find(
      (user) => !(visible.body.data as Array<{ id: string }>).some((own) => own.id === user.id),
    );
    if (!outside) throw new Error('every account is in the coordinator’s library');
    expectProblem(await t.http(coordinator).get(`/v1/users/${outside.id}`), 404);
    expectProblem(
      await t
        .http(coordinator)
        .post('/v1/users')
        .send({ email: 'x@y.example', displayName: 'x', role: 'admin', organisationId: t.kb.id, password }),
      403,
    );
  });
});

describe('rate limiting and security headers', () => {
  it('limits sign-in attempts per IP address', async () => {
    const limited = await startTestApp({ content: false, loginRateLimit: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (
            await limited
              .http(null)
              .post('/v1/auth/token')
              .send({ grant_type: 'password', username: 'a@b.example', password: 'x' })
          ).status,
        );
      }
      expect(statuses).toEqual([400, 400, 400, 429]);
      const last = await limited
        .http(null)
        .post('/v1/auth/token')
        .send({ grant_type: 'password', username: 'a@b.example', password: 'x' });
      expectProblem(last, 429);
    } finally {
      await limited.close();
    }
  });

  it('sends security headers, and CORS only to allowed origins', async () => {
    const cors = await startTestApp({ content: false, corsOrigins: ['https://intranet.bibliotheek.example'] });
    try {
      const response = await cors.http().get('/v1/modules').set('origin', 'https://intranet.bibliotheek.example');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['access-control-allow-origin']).toBe('https://intranet.bibliotheek.example');
      const other = await cors.http().get('/v1/modules').set('origin', 'https://evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await cors.close();
    }
  });
});
