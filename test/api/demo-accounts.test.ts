import { randomBytes } from 'node:crypto';
import { buildApp } from '@loket/api';
import { loadContent } from '@loket/db';
import type { FastifyInstance } from 'fastify';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentLoader, verifyCredential } from '../../api/src/credentials/index';
import { demoPassword, type SeedOutcome, seedIfEmpty } from '../../api/src/seed';
import { freshDatabase, type TestDatabase } from '../support/database';
import { parsePdf } from '../support/pdf';
import { testSigning } from '../support/signing';

/** What the README promises a newcomer after `pnpm start`: the programme's story and its demo logins. */
let database: TestDatabase;
let app: FastifyInstance;
let outcome: SeedOutcome | null;

async function signIn(username: string) {
  const response = await supertest(app.server)
    .post('/v1/auth/token')
    .type('form')
    .send({ grant_type: 'password', username, password: demoPassword });
  expect(response.status, username).toBe(200);
  return response.body.access_token as string;
}

const get = async (token: string, url: string) => {
  const response = await supertest(app.server).get(url).set('authorization', `Bearer ${token}`);
  expect(response.status, url).toBe(200);
  return response.body;
};

const participantOf = (library: string) => {
  const account = outcome?.accounts.find((a) => a.role === 'participant' && a.email.endsWith(`@${library}.example`));
  if (!account) throw new Error(`no demo participant at ${library}`);
  return account.email;
};

beforeAll(async () => {
  database = await freshDatabase();
  const signing = await testSigning();
  outcome = await seedIfEmpty(database.connection, { kind: 'pilot' }, await loadContent(), signing);
  expect(outcome?.accounts.length).toBe(12);
  expect(await seedIfEmpty(database.connection, { kind: 'pilot' }, await loadContent(), signing)).toBeNull();
  app = await buildApp({
    connection: database.connection,
    jwtSecret: randomBytes(32).toString('hex'),
    issuerKey: signing.issuerKey,
    publicUrl: signing.publicUrl,
  });
  await app.ready();
}, 120_000);

afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('the demo accounts of the story', () => {
  it('let the KB admin see every group: the three pilots, the ten of 2019 and those of these months', async () => {
    const token = await signIn('admin@kb.example');
    const cohorts = (await get(token, '/v1/cohorts?limit=100')).data as Array<{ phase: string; name: string }>;
    expect(cohorts.filter((c) => c.phase === 'pilot').map((c) => c.name)).toHaveLength(3);
    expect(cohorts.filter((c) => c.name.endsWith('2019'))).toHaveLength(10);
    expect(cohorts.length).toBeGreaterThan(13);
  });

  it('let the Cubiss adviser see the Brabant and Limburg libraries and not Hilversum', async () => {
    const token = await signIn('adviseur@cubiss.example');
    const names = ((await get(token, '/v1/cohorts?limit=100')).data as Array<{ name: string }>).map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Pilot Bibliotheek Helmond-Peel 2018',
        'Pilot Bibliotheek Het Markiezaat 2018',
        'Leertraject Bibliotheek Venlo 2019',
      ]),
    );
    expect(names.some((name) => name.includes('Hilversum'))).toBe(false);
  });

  it('let the Hilversum coordinator see the pilot team of 17 and the colleagues who came after', async () => {
    const token = await signIn('coordinator@hilversum.example');
    const people = await get(token, '/v1/participants');
    expect(people.page.total).toBeGreaterThan(17);
    const pilot = (await get(token, '/v1/cohorts?phase=pilot')).data;
    expect(pilot).toHaveLength(1);
    expect((await get(token, `/v1/enrolments?cohortId=${pilot[0].id}`)).page.total).toBe(17);
  });

  it('let a participant follow their own progress', async () => {
    const token = await signIn(participantOf('hilversum'));
    const mine = await get(token, '/v1/me/enrolments');
    expect(mine.data).toHaveLength(1);
    expect(mine.data[0].progress).toHaveLength(6);
    expect(mine.data[0].completion.eligible).toBe(false);
  });

  it('give a pilot participant of Het Markiezaat the certificate of 2019, signed and verifiable', async () => {
    const token = await signIn(participantOf('markiezaat'));
    const [enrolment] = (await get(token, '/v1/me/enrolments')).data;
    expect(enrolment).toMatchObject({ status: 'completed', cohortName: 'Pilot Bibliotheek Het Markiezaat 2018' });
    const [certificate] = (await get(token, `/v1/certificates?enrolmentId=${enrolment.id}`)).data;
    expect(certificate).toMatchObject({ status: 'valid', programme: { version: 1 } });
    expect(certificate.number).toMatch(/^LFB-2019-\d{6}$/);
    expect(certificate.meetings).toHaveLength(3);

    const credential = await get(token, `/v1/certificates/${certificate.id}/credential`);
    expect(credential.validFrom).toBe(certificate.issuedAt);
    expect(credential.proof[0].created.slice(0, 4)).toBe('2019');
    // What Loket publishes: the issuer's DID document and the status list.
    const issuer = (await supertest(app.server).get('/.well-known/did.json').expect(200)).body;
    const statusUrl = credential.credentialStatus.statusListCredential as string;
    const statusList = (await supertest(app.server).get(new URL(statusUrl).pathname).expect(200)).body;
    const documentLoader = createDocumentLoader({ [issuer.id]: issuer, [statusUrl]: statusList });
    expect(await verifyCredential(credential, { documentLoader })).toMatchObject({ verified: true, revoked: false });

    const pdf = await supertest(app.server)
      .get(`/v1/certificates/${certificate.id}/pdf`)
      .set('authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect((await parsePdf(pdf.body as Buffer)).text).toContain(certificate.number);
  });
});
