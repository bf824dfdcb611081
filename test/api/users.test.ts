import { auditEvents, users } from '@loket/db';
import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { inTwoProvinces } from '../support/provinces';
import { auditTrail, created } from '../support/records';

let t: TestApp;
const { org, token } = inTwoProvinces((app) => {
  t = app;
});
let counter = 0;

const userBody = (overrides: Record<string, unknown> = {}) => {
  counter += 1;
  return {
    email: `coordinator.${counter}@hilversum.example`,
    displayName: `Coördinator ${counter}`,
    role: 'coordinator',
    organisationId: org.library,
    password: 'een lang en eigen wachtwoord',
    ...overrides,
  };
};
const newUser = async (overrides: Record<string, unknown> = {}) => created(t, '/v1/users', userBody(overrides));
const accountsWith = async (email: string) =>
  (
    await t.database.connection.db
      .select({ n: count() })
      .from(users)
      .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
  )[0]?.n;

describe('POST /v1/users', () => {
  it('creates an account without ever answering its password, and audits it', async () => {
    const response = await t.http().post('/v1/users').send(userBody());
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.headers.location).toBe(`/v1/users/${response.body.id}`);
    expect(JSON.stringify(response.body)).not.toMatch(/wachtwoord|password/i);
    const [event] = await auditTrail(t, response.body.id);
    expect(event?.action).toBe('user.created');
    expect(JSON.stringify(event?.after)).not.toMatch(/wachtwoord/);
  });

  it('makes one account for a retry with the same Idempotency-Key', async () => {
    const body = userBody();
    const first = await t.http().post('/v1/users').set('idempotency-key', `user-${counter}`).send(body);
    const again = await t.http().post('/v1/users').set('idempotency-key', `user-${counter}`).send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await accountsWith(body.email)).toBe(1);
  });

  it('answers 409 for an email address in use, whatever its case', async () => {
    const body = userBody();
    await created(t, '/v1/users', body);
    expectProblem(
      await t
        .http()
        .post('/v1/users')
        .send({ ...userBody(), email: body.email.toUpperCase() }),
      409,
      'email-taken',
    );
  });

  it('answers 422 for a weak password, a role bound to the wrong kind of organisation and an unknown role', async () => {
    expect(
      expectProblem(
        await t
          .http()
          .post('/v1/users')
          .send(userBody({ password: '1234567890' })),
        422,
      ).errors?.[0]?.path,
    ).toBe('/password');
    expectProblem(
      await t
        .http()
        .post('/v1/users')
        .send(userBody({ role: 'adviser' })),
      422,
    );
    expectProblem(
      await t
        .http()
        .post('/v1/users')
        .send(userBody({ role: 'owner' })),
      422,
    );
  });

  it('answers 401 without a token and 403 to anyone but KB staff', async () => {
    expectProblem(await t.http(null).post('/v1/users').send(userBody()), 401);
    expectProblem(await t.http(token.adviser).post('/v1/users').send(userBody()), 403);
  });
});

describe('GET /v1/users', () => {
  it('shows an adviser the accounts of their province only', async () => {
    const inside = await newUser();
    const outside = await newUser({ organisationId: org.otherLibrary });
    const response = await t.http(token.adviser).get('/v1/users?limit=100');
    expect(response.status).toBe(200);
    const ids = (response.body.data as Array<{ id: string }>).map((u) => u.id);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(outside.id);
  });

  it('answers 400 for an unknown role and 403 to a facilitator', async () => {
    expectProblem(await t.http().get('/v1/users?role=owner'), 400);
    expectProblem(await t.http(token.facilitator).get('/v1/users'), 403);
  });
});

describe('GET /v1/users/{id}', () => {
  it('answers the account with its ETag', async () => {
    const user = await newUser();
    const response = await t.http(token.adviser).get(`/v1/users/${user.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('"1"');
  });

  it('answers 404 outside the caller\u2019s province and for an unknown id, 400 for a malformed one', async () => {
    const user = await newUser();
    expectProblem(await t.http(token.outsider).get(`/v1/users/${user.id}`), 404);
    expectProblem(await t.http().get('/v1/users/01936a2b-0000-7000-8000-000000000000'), 404);
    expectProblem(await t.http().get('/v1/users/abc'), 400);
  });
});

describe('PATCH /v1/users/{id}', () => {
  it('disables an account, audited as such', async () => {
    const user = await newUser();
    const response = await t.http().patch(`/v1/users/${user.id}`).set('if-match', '"1"').send({ disabled: true });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.body.disabled).toBe(true);
    const actions = await t.database.connection.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.resourceId, user.id));
    expect(actions.map((a) => a.action)).toContain('user.disabled');
  });

  it('answers 412 for a stale If-Match and keeps the name', async () => {
    const user = await newUser({ displayName: 'Eerste naam' });
    await t.http().patch(`/v1/users/${user.id}`).send({ displayName: 'Tweede naam' });
    expectProblem(
      await t.http().patch(`/v1/users/${user.id}`).set('if-match', '"1"').send({ displayName: 'Derde naam' }),
      412,
    );
    expect((await t.http().get(`/v1/users/${user.id}`)).body.displayName).toBe('Tweede naam');
  });

  it('answers 422 for a weak password and an unknown field', async () => {
    const user = await newUser();
    expectProblem(await t.http().patch(`/v1/users/${user.id}`).send({ password: 'kort' }), 422);
    expectProblem(await t.http().patch(`/v1/users/${user.id}`).send({ role: 'admin' }), 422);
  });

  it('answers 401, 403 to an adviser and 404 for an unknown id', async () => {
    const user = await newUser();
    expectProblem(await t.http(null).patch(`/v1/users/${user.id}`).send({ disabled: true }), 401);
    expectProblem(await t.http(token.adviser).patch(`/v1/users/${user.id}`).send({ disabled: true }), 403);
    expectProblem(await t.http().patch('/v1/users/01936a2b-0000-7000-8000-000000000000').send({ disabled: true }), 404);
  });
});
