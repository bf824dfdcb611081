import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';

/** What the request log may hold: no searches for people, no addresses, no secrets. */
let t: TestApp;
const logLines: string[] = [];
const log = () => logLines.join('\n');
let client = { clientId: '', clientSecret: '' };

beforeAll(async () => {
  t = await startTestApp({ content: false, logStream: { write: (line) => void logLines.push(line) } });
  client = (
    await t
      .http()
      .post('/v1/api-clients')
      .send({ name: 'Rapportage', scopes: ['read:participants'] })
  ).body;
});

afterAll(async () => {
  await t.close();
});

describe('the request log', () => {
  it('names the query parameters but never their values', async () => {
    await t.http().get('/v1/participants?q=Kwakkelstein&limit=10').expect(200);
    await t.http().get('/v1/participants?q=roosmarijn%40bieb.example').expect(200);
    await t.http().get('/v1/nergens?q=Kwakkelstein');
    expect(log()).toContain('"url":"/v1/participants?q=[redacted]&limit=[redacted]"');
    expect(log()).not.toMatch(/kwakkelstein|roosmarijn|bieb\.example/i);
  });
});

describe('credentials in a query string', () => {
  it('refuses a client secret there, and does not log it', async () => {
    const response = await t
      .http(null)
      .post(`/v1/auth/token?client_id=${client.clientId}&client_secret=${client.clientSecret}`)
      .send({ grant_type: 'client_credentials' });
    expectProblem(response, 400, 'credentials-in-query');
    expect(response.body).not.toHaveProperty('access_token');
    expect(log()).not.toContain(client.clientSecret);
  });

  it.each([
    ['access_token', () => t.adminToken],
    ['refresh_token', () => 'een-refresh-token-in-de-url'],
    ['token', () => 'een-token-in-de-url'],
    ['PASSWORD', () => 'een-wachtwoord-in-de-url'],
  ])('refuses %s there on any route, signed in or not, and does not log it', async (name, value) => {
    const secret = value();
    expectProblem(await t.http(null).get(`/v1/modules?${name}=${secret}`), 400, 'credentials-in-query');
    expectProblem(await t.http().get(`/v1/participants?limit=5&${name}=${secret}`), 400, 'credentials-in-query');
    expectProblem(await t.http(null).get(`/health/live?${name}=${secret}`), 400, 'credentials-in-query');
    expect(log()).not.toContain(secret);
  });

  it('is documented: every operation may answer 400', async () => {
    const document = JSON.parse(await readFile(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const missing = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => !operation.responses['400'])
        .map(([method]) => `${method} ${path}`),
    );
    expect(missing).toEqual([]);
  });
});
