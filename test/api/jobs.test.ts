import { jobs } from '@loket/db';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';

/** The background job of a cohort's certificates: queueing it and following it. */
let t: TestApp;
const token = {} as Record<'coordinator' | 'facilitator' | 'otherCoordinator', string>;
let libraryId = '';

async function post(url: string, body: object) {
  const response = await t.http().post(url).send(body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body as { id: string };
}

async function newCohort(running: boolean) {
  const { id } = await post('/v1/cohorts', {
    organisationId: libraryId,
    phase: 'rollout',
    startsOn: '2019-03-04',
    endsOn: '2019-06-03',
    moduleCodes: ['boekstart'],
  });
  if (running) await t.http().patch(`/v1/cohorts/${id}`).send({ status: 'running' }).expect(200);
  return id;
}

const jobsOf = async (cohortId: string) =>
  (await t.database.connection.db.select({ n: count() }).from(jobs).where(eq(jobs.subjectId, cohortId)))[0]?.n;

beforeAll(async () => {
  t = await startTestApp();
  const poi = (await post('/v1/organisations', { kind: 'poi', name: 'Cubiss', parentId: t.kb.id })).id;
  libraryId = (await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Helmond-Peel', parentId: poi }))
    .id;
  const other = (await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Tilburg', parentId: poi })).id;
  token.coordinator = await t.tokenFor('coordinator', { organisationId: libraryId });
  token.facilitator = await t.tokenFor('facilitator', { organisationId: libraryId });
  token.otherCoordinator = await t.tokenFor('coordinator', { organisationId: other });
});

afterAll(async () => {
  await t.close();
});

describe('POST /v1/cohorts/{id}/certificates', () => {
  it('answers 202 with the queued job and where to follow it', async () => {
    const cohortId = await newCohort(true);
    const response = await t.http(token.coordinator).post(`/v1/cohorts/${cohortId}/certificates`);
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    expect(response.headers.location).toBe(`/v1/jobs/${response.body.id}`);
    expect(response.body).toMatchObject({ status: 'queued', subjectId: cohortId });
  });

  it('queues one job for a retry with the same Idempotency-Key, answering it again', async () => {
    const cohortId = await newCohort(true);
    const url = `/v1/cohorts/${cohortId}/certificates`;
    const first = await t.http(token.coordinator).post(url).set('idempotency-key', `batch-${cohortId}`);
    const again = await t.http(token.coordinator).post(url).set('idempotency-key', `batch-${cohortId}`);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await jobsOf(cohortId)).toBe(1);
  });

  it('answers 409 for a cohort that has not started, queueing nothing', async () => {
    const cohortId = await newCohort(false);
    expectProblem(
      await t.http(token.coordinator).post(`/v1/cohorts/${cohortId}/certificates`),
      409,
      'cohort-not-started',
    );
    expect(await jobsOf(cohortId)).toBe(0);
  });

  it('answers 401 without a token, 403 to a facilitator and 404 to another library', async () => {
    const cohortId = await newCohort(true);
    const url = `/v1/cohorts/${cohortId}/certificates`;
    expectProblem(await t.http(null).post(url), 401);
    expectProblem(await t.http(token.facilitator).post(url), 403);
    expectProblem(await t.http(token.otherCoordinator).post(url), 404);
    expect(await jobsOf(cohortId)).toBe(0);
  });

  it('answers 400 for an id that is not a UUID', async () => {
    expectProblem(await t.http(token.coordinator).post('/v1/cohorts/cohort-1/certificates'), 400);
  });
});

describe('GET /v1/jobs/{id}', () => {
  it('answers how far the job is', async () => {
    const cohortId = await newCohort(true);
    const queued = await t.http(token.coordinator).post(`/v1/cohorts/${cohortId}/certificates`);
    const response = await t.http(token.coordinator).get(`/v1/jobs/${queued.body.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: queued.body.id, type: queued.body.type, failures: [] });
  });

  it('answers 404 to another library and for an unknown job, 400 for a malformed id', async () => {
    const cohortId = await newCohort(true);
    const queued = await t.http(token.coordinator).post(`/v1/cohorts/${cohortId}/certificates`);
    expectProblem(await t.http(token.otherCoordinator).get(`/v1/jobs/${queued.body.id}`), 404);
    expectProblem(await t.http().get('/v1/jobs/01936a2b-0000-7000-8000-000000000000'), 404);
    expectProblem(await t.http().get('/v1/jobs/7'), 400);
  });

  it('answers 401 without a token and 403 to a facilitator', async () => {
    const cohortId = await newCohort(true);
    const queued = await t.http(token.coordinator).post(`/v1/cohorts/${cohortId}/certificates`);
    expectProblem(await t.http(null).get(`/v1/jobs/${queued.body.id}`), 401);
    expectProblem(await t.http(token.facilitator).get(`/v1/jobs/${queued.body.id}`), 403);
  });
});
