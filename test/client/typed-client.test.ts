import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildApp } from '@loket/api';
import { createLoketClient } from '@loket/client';
import { loadContent } from '@loket/db';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, seedIfEmpty } from '../../api/src/seed';
import { myProgress, signIn } from '../../openapi/examples/my-progress';
import { freshDatabase, type TestDatabase } from '../support/database';
import { testSigning } from '../support/signing';

/** The generated client and the README's example front end, against a real server over HTTP. */
let database: TestDatabase;
let app: FastifyInstance;
let baseUrl: string;
let participantEmail: string;

beforeAll(async () => {
  database = await freshDatabase();
  const signing = await testSigning();
  const outcome = await seedIfEmpty(database.connection, { kind: 'pilot' }, await loadContent(), signing);
  const participant = outcome?.accounts.find((account) => account.role === 'participant');
  if (!participant) throw new Error('the pilot seed has no participant account');
  participantEmail = participant.email;
  app = await buildApp({
    connection: database.connection,
    jwtSecret: randomBytes(32).toString('hex'),
    issuerKey: signing.issuerKey,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('the typed client', () => {
  it('signs in and reads typed data within the caller’s scope', async () => {
    const client = await signIn(baseUrl, 'adviseur@cubiss.example', demoPassword);
    const { data, response } = await client.GET('/v1/cohorts', { params: { query: { limit: 10 } } });
    expect(response.status).toBe(200);
    expect(data?.data.length).toBeGreaterThan(0);
    const organisations = await client.GET('/v1/organisations/{id}', {
      params: { path: { id: data?.data[0]?.organisationId ?? '' } },
    });
    expect(organisations.data?.province).toBe('Noord-Brabant');
  });

  it('returns the problem document as a typed error', async () => {
    const client = createLoketClient({ baseUrl, token: () => null });
    const { data, error, response } = await client.GET('/v1/cohorts');
    expect(data).toBeUndefined();
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(error?.status).toBe(401);
  });

  it('refuses a wrong password with the API’s reason', async () => {
    await expect(signIn(baseUrl, participantEmail, 'not-the-password')).rejects.toThrow(/^Aanmelden mislukt: /);
  });
});

describe('the example front end, "Mijn voortgang"', () => {
  it('shows a participant their own modules, meetings and what is missing', async () => {
    const client = await signIn(baseUrl, participantEmail, demoPassword);
    const page = await myProgress(client);
    const { data } = await client.GET('/v1/me/enrolments');
    const enrolment = data?.data[0];
    if (!enrolment) throw new Error('the demo participant has no enrolment');
    expect(page).toContain(`Mijn voortgang — ${enrolment.cohortName}`);
    expect(enrolment.progress).toHaveLength(6);
    for (const module of enrolment.progress) expect(page).toContain(`${module.position}. ${module.title}: `);
    for (const meeting of enrolment.attendance) expect(page).toContain(`${meeting.title}: `);
    expect(page).toMatch(enrolment.completion.eligible ? /Alles is af/ : /Nog te doen: /);
  });

  it('tells someone without an enrolment so', async () => {
    const client = await signIn(baseUrl, 'coordinator@markiezaat.example', demoPassword);
    expect(await myProgress(client)).toBe('Je bent nog niet ingeschreven voor het leertraject.');
  });
});
