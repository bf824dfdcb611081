import { apiClients, auditEvents } from '@loket/db';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { auditTrail } from '../support/records';

let t: TestApp;
let adviserToken = '';
let poiId = '';
let counter = 0;

const clientBody = (overrides: Record<string, unknown> = {}) => {
  counter += 1;
  return { name: `Leerplatform ${counter}`, scopes: ['read:catalogue', 'write:progress'], ...overrides };
};
const newClient = async (overrides: Record<string, unknown> = {}) => {
  const response = await t.http().post('/v1/api-clients').send(clientBody(overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; clientId: string; clientSecret: string; version: number };
};
const clientsNamed = async (name: string) =>
  (await t.database.connection.db.select({ n: count() }).from(apiClients).where(eq(apiClients.name, name)))[0]?.n;
const tokenOf = (clientId: string, clientSecret: string) =>
  t
    .http(null)
    .post('/v1/auth/token')
    .type('form')
    .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });

beforeAll(async () => {
  t = await startTestApp();
  const poi = await t.http().post('/v1/organisations').send({ kind: 'poi', name: 'Cubiss', parentId: t.kb.id });
  poiId = poi.body.id;
  adviserToken = await t.tokenFor('adviser', { organisationId: poiId });
});

afterAll(async () => {
  await t.close();
});

describe('POST /v1/api-clients', () => {
  it('creates a client whose secret is shown once and works for a token, and audits it without the secret', async () => {
    const created = await newClient({ scopes: ['read:catalogue', 'manage:webhooks'] });
    expect(created.clientSecret).toEqual(expect.any(String));
    const token = await tokenOf(created.clientId, created.clientSecret);
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    const read = await t.http().get(`/v1/api-clients/${created.id}`);
    expect(read.body).not.toHaveProperty('clientSecret');
    expect(read.body.scopes).toEqual(['read:catalogue', 'manage:webhooks']);
    const [event] = await auditTrail(t, created.id);
    expect(event?.action).toBe('api_client.created');
    expect(JSON.stringify(event)).not.toContain(created.clientSecret);
  });

  it('makes one client for a retry with the same Idempotency-Key', async () => {
    const body = clientBody();
    const first = await t.http().post('/v1/api-clients').set('idempotency-key', `client-${counter}`).send(body);
    const again = await t.http().post('/v1/api-clients').set('idempotency-key', `client-${counter}`).send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await clientsNamed(body.name)).toBe(1);
  });

  it('answers 422 for an unknown scope, no scopes and an unknown organisation', async () => {
    expectProblem(
      await t
        .http()
        .post('/v1/api-clients')
        .send(clientBody({ scopes: ['write:everything'] })),
      422,
    );
    expectProblem(
      await t
        .http()
        .post('/v1/api-clients')
        .send(clientBody({ scopes: [] })),
      422,
    );
    expectProblem(
      await t
        .http()
        .post('/v1/api-clients')
        .send(clientBody({ organisationId: '01936a2b-0000-7000-8000-000000000000' })),
      422,
    );
  });

  it('answers 401 without a token and 403 to anyone but KB staff', async () => {
    expectProblem(await t.http(null).post('/v1/api-clients').send(clientBody()), 401);
    expectProblem(await t.http(adviserToken).post('/v1/api-clients').send(clientBody()), 403);
  });
});

describe('GET /v1/api-clients', () => {
  it('lists the clients without their secrets', async () => {
    const created = await newClient();
    const response = await t.http().get('/v1/api-clients?limit=100');
    expect(response.status).toBe(200);
    expect((response.body.data as Array<{ id: string }>).map((c) => c.id)).toContain(created.id);
    expect(JSON.stringify(response.body)).not.toContain(created.clientSecret);
  });

  it('answers 400 for an unknown sort field and 403 to an adviser', async () => {
    expectProblem(await t.http().get('/v1/api-clients?sort=secret'), 400);
    expectProblem(await t.http(adviserToken).get('/v1/api-clients'), 403);
  });
});

describe('GET /v1/api-clients/{id}', () => {
  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expectProblem(await t.http().get('/v1/api-clients/01936a2b-0000-7000-8000-000000000000'), 404);
    expectProblem(await t.http().get('/v1/api-clients/xyz'), 400);
  });
});

describe('POST /v1/api-clients/{id}/revoke', () => {
  it('revokes a client: no more tokens, and a repeat changes nothing', async () => {
    const created = await newClient();
    const revoked = await t.http().post(`/v1/api-clients/${created.id}/revoke`).set('if-match', '"1"');
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body.revoked).toBe(true);
    expect((await tokenOf(created.clientId, created.clientSecret)).status).toBe(401);
    const again = await t.http().post(`/v1/api-clients/${created.id}/revoke`);
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(revoked.body.version);
    const revocations = await t.database.connection.db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.resourceId, created.id));
    expect(revocations[0]?.n).toBe(2);
  });

  it('answers 412 for a stale If-Match, leaving the client working', async () => {
    const created = await newClient();
    expectProblem(await t.http().post(`/v1/api-clients/${created.id}/revoke`).set('if-match', '"7"'), 412);
    expect((await tokenOf(created.clientId, created.clientSecret)).status).toBe(200);
  });

  it('answers 401, 403 to an adviser and 404 for an unknown id', async () => {
    const created = await newClient();
    expectProblem(await t.http(null).post(`/v1/api-clients/${created.id}/revoke`), 401);
    expectProblem(await t.http(adviserToken).post(`/v1/api-clients/${created.id}/revoke`), 403);
    expectProblem(await t.http().post('/v1/api-clients/01936a2b-0000-7000-8000-000000000000/revoke'), 404);
  });
});
