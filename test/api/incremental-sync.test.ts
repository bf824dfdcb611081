import { randomBytes } from 'node:crypto';
import { buildApp } from '@loket/api';
import { loadContent } from '@loket/db';
import type { FastifyInstance } from 'fastify';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, seedIfEmpty } from '../../api/src/seed';
import { freshDatabase, type TestDatabase } from '../support/database';
import { expectProblem } from '../support/expectations';
import { testSigning } from '../support/signing';

/**
 * A front end keeps its own copy: it remembers when it last pulled and asks only for what changed
 * since, on every list it mirrors, and never beyond the caller's scope.
 */
let database: TestDatabase;
let app: FastifyInstance;
const tokens: Record<string, string> = {};
let participantEmail = '';

async function signIn(username: string) {
  const response = await supertest(app.server)
    .post('/v1/auth/token')
    .type('form')
    .send({ grant_type: 'password', username, password: demoPassword });
  expect(response.status, username).toBe(200);
  return response.body.access_token as string;
}

const as = (who: string) => ({
  get: (url: string) => supertest(app.server).get(url).set('authorization', `Bearer ${tokens[who]}`),
  patch: (url: string, body: object, version: number) =>
    supertest(app.server)
      .patch(url)
      .set('authorization', `Bearer ${tokens[who]}`)
      .set('if-match', `"${version}"`)
      .send(body),
  post: (url: string, body: object) =>
    supertest(app.server).post(url).set('authorization', `Bearer ${tokens[who]}`).send(body),
});

async function changedSince(who: string, path: string, since: string): Promise<string[]> {
  const response = await as(who).get(`${path}?limit=200&updatedSince=${encodeURIComponent(since)}`);
  expect(response.status, path).toBe(200);
  return (response.body.data as Array<{ id: string }>).map((record) => record.id);
}

/** A moment strictly after everything written so far (timestamps are stored to the millisecond). */
async function mark(): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  const since = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 5));
  return since;
}

beforeAll(async () => {
  database = await freshDatabase();
  const signing = await testSigning();
  const outcome = await seedIfEmpty(database.connection, { kind: 'pilot' }, await loadContent(), signing);
  // Helmond-Peel's demo participant (Cubiss) is in a group being evaluated, which still takes evaluations.
  participantEmail =
    outcome?.accounts.find((account) => account.email.includes('helmond-peel') && account.role === 'participant')
      ?.email ?? '';
  app = await buildApp({
    connection: database.connection,
    jwtSecret: randomBytes(32).toString('hex'),
    issuerKey: signing.issuerKey,
  });
  await app.ready();
  for (const who of ['admin@kb.example', 'adviseur@cubiss.example', 'adviseur@probiblio.example', participantEmail])
    tokens[who] = await signIn(who);
}, 120_000);

afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('?updatedSince= on the lists a front end mirrors', () => {
  it('returns only the organisations, cohorts and meetings changed since, within scope', async () => {
    const admin = as('admin@kb.example');
    const cohort = (await as('adviseur@cubiss.example').get('/v1/cohorts?limit=1')).body.data[0];
    const library = (await admin.get(`/v1/organisations/${cohort.organisationId}`)).body;
    const meeting = (await admin.get(`/v1/sessions?cohortId=${cohort.id}&limit=1`)).body.data[0];
    const since = await mark();

    expect(await changedSince('admin@kb.example', '/v1/cohorts', since)).toEqual([]);
    expect(
      (await admin.patch(`/v1/organisations/${library.id}`, { phone: '0164 123 456' }, library.version)).status,
    ).toBe(200);
    expect(
      (await admin.patch(`/v1/cohorts/${cohort.id}`, { name: `${cohort.name} (bijgewerkt)` }, cohort.version)).status,
    ).toBe(200);
    expect((await admin.patch(`/v1/sessions/${meeting.id}`, { capacity: 24 }, meeting.version)).status).toBe(200);

    expect(await changedSince('admin@kb.example', '/v1/organisations', since)).toEqual([library.id]);
    expect(await changedSince('admin@kb.example', '/v1/cohorts', since)).toEqual([cohort.id]);
    expect(await changedSince('admin@kb.example', '/v1/sessions', since)).toEqual([meeting.id]);
    expect(await changedSince('adviseur@cubiss.example', '/v1/cohorts', since)).toEqual([cohort.id]);
    // The same question from another province: nothing of Noord-Brabant leaks out.
    expect(await changedSince('adviseur@probiblio.example', '/v1/organisations', since)).toEqual([]);
    expect(await changedSince('adviseur@probiblio.example', '/v1/cohorts', since)).toEqual([]);
    expect(await changedSince('adviseur@probiblio.example', '/v1/sessions', since)).toEqual([]);
    expect(await changedSince('admin@kb.example', '/v1/cohorts', await mark())).toEqual([]);
  });

  it('returns the evaluations written since', async () => {
    const participant = as(participantEmail);
    const enrolment = (await participant.get('/v1/me/enrolments')).body.data[0];
    const since = await mark();
    const created = await participant.post('/v1/evaluations', {
      enrolmentId: enrolment.id,
      subjectType: 'cohort',
      subjectId: enrolment.cohortId,
      rating: 4,
      comment: 'Fijn om het met het hele team te doen.',
    });
    expect(created.status).toBe(201);
    expect(await changedSince('admin@kb.example', '/v1/evaluations', since)).toEqual([created.body.id]);
    expect(await changedSince('adviseur@probiblio.example', '/v1/evaluations', since)).toEqual([]);
  });

  it('answers a syncWatermark with every page of every list that takes updatedSince', async () => {
    const cohort = (await as('admin@kb.example').get('/v1/cohorts?limit=1')).body.data[0];
    const lists = [
      '/v1/organisations',
      '/v1/participants',
      '/v1/cohorts',
      '/v1/enrolments',
      `/v1/cohorts/${cohort.id}/enrolments`,
      '/v1/sessions',
    ];
    const evaluations = await as('admin@kb.example').get('/v1/evaluations?limit=1');
    expect(Date.parse(evaluations.body.page.syncWatermark)).toBeLessThanOrEqual(Date.now());
    for (const path of lists) {
      const first = await as('admin@kb.example').get(`${path}?limit=1`);
      expect(first.status, path).toBe(200);
      expect(Date.parse(first.body.page.syncWatermark), path).toBeLessThanOrEqual(Date.now());
      expect(first.body.page.nextCursor, path).toEqual(expect.any(String));
      const second = await as('admin@kb.example').get(`${path}?limit=1&cursor=${first.body.page.nextCursor}`);
      expect(second.status, path).toBe(200);
      expect(Date.parse(second.body.page.syncWatermark), path).toBeGreaterThanOrEqual(
        Date.parse(first.body.page.syncWatermark),
      );
    }
    const own = await as(participantEmail).get('/v1/enrolments');
    expect(own.body.page.syncWatermark).toEqual(expect.any(String));
  });

  it('returns, polled from the watermark of the last read, every change made after it', async () => {
    const admin = as('admin@kb.example');
    const person = (await admin.get('/v1/participants?limit=1')).body.data[0];
    // An enrolment that may still change: one in a running group that has not finished.
    const running = (await admin.get('/v1/cohorts?status=running&limit=1')).body.data[0];
    const enrolment = (await admin.get(`/v1/enrolments?cohortId=${running.id}&limit=200`)).body.data.find(
      (e: { status: string }) => e.status === 'active' || e.status === 'invited',
    );
    const read = await admin.get('/v1/participants?limit=1');
    const watermark = read.body.page.syncWatermark as string;

    const patched = await admin.patch(`/v1/participants/${person.id}`, { jobTitle: 'Teamleider' }, person.version);
    expect(patched.status).toBe(200);
    expect(Date.parse(patched.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(watermark));
    const withdrawn = await admin.patch(`/v1/enrolments/${enrolment.id}`, { status: 'withdrawn' }, enrolment.version);
    expect(withdrawn.status).toBe(200);

    expect(await changedSince('admin@kb.example', '/v1/participants', watermark)).toContain(person.id);
    expect(await changedSince('admin@kb.example', '/v1/enrolments', watermark)).toContain(enrolment.id);
    // The watermark lags the read a little, so a record may come twice; nothing from before that lag comes.
    const unchanged = (await admin.get('/v1/participants?limit=200&sort=updatedAt')).body.data[0];
    expect(await changedSince('admin@kb.example', '/v1/participants', watermark)).not.toContain(unchanged.id);
  });

  it('refuses a moment that is not a date-time', async () => {
    for (const path of ['/v1/organisations', '/v1/cohorts', '/v1/sessions', '/v1/evaluations']) {
      expectProblem(await as('admin@kb.example').get(`${path}?updatedSince=gisteren`), 400);
    }
  });
});
