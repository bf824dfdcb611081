import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';

/** A coordinator issues the certificates of a whole cohort at once and follows the job. */
let t: TestApp;
let cohortId = '';
let coordinator = '';
let otherCoordinator = '';

async function post(url: string, body: object) {
  const response = await t.http().post(url).send(body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

beforeAll(async () => {
  t = await startTestApp({ backgroundJobs: true });
  const poi = (await post('/v1/organisations', { kind: 'poi', name: 'Cubiss', parentId: t.kb.id })).id;
  const library = (
    await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Helmond-Peel', parentId: poi })
  ).id;
  const other = (await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Tilburg', parentId: poi })).id;
  coordinator = await t.tokenFor('coordinator', { organisationId: library });
  otherCoordinator = await t.tokenFor('coordinator', { organisationId: other });
  cohortId = (
    await post('/v1/cohorts', {
      organisationId: library,
      phase: 'pilot',
      startsOn: '2018-11-19',
      endsOn: '2019-02-19',
      moduleCodes: ['boekstart'],
    })
  ).id;
  await t.http().patch(`/v1/cohorts/${cohortId}`).send({ status: 'running' }).expect(200);
  const people = [];
  for (let i = 0; i < 6; i++) {
    people.push(
      (
        await post('/v1/participants', {
          organisationId: library,
          givenName: 'Deelnemer',
          familyName: `Nummer ${i}`,
          email: `n${i}@helmond.example`,
        })
      ).id,
    );
  }
  const enrolments = (await post(`/v1/cohorts/${cohortId}/enrolments`, { participantIds: people })).data as Array<{
    id: string;
    participant: { familyName: string };
  }>;
  const sessions = (await t.http().get(`/v1/sessions?cohortId=${cohortId}`)).body.data as Array<{ id: string }>;
  for (const session of sessions) {
    await t
      .http()
      .put(`/v1/sessions/${session.id}/attendance`)
      .send({ records: enrolments.map((e) => ({ enrolmentId: e.id, status: 'present' })) })
      .expect(200);
  }
  // Four finish the module; two do not.
  for (const enrolment of enrolments.filter((e) => !['Nummer 4', 'Nummer 5'].includes(e.participant.familyName))) {
    await t.http().put(`/v1/enrolments/${enrolment.id}/progress/boekstart`).send({ status: 'completed' }).expect(200);
  }
});

afterAll(async () => {
  await t.close();
});

async function waitFor(jobId: string) {
  for (let i = 0; i < 120; i++) {
    const job = await t.http(coordinator).get(`/v1/jobs/${jobId}`);
    if (job.body.status === 'completed' || job.body.status === 'failed') return job.body;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the job did not finish');
}

describe('POST /v1/cohorts/:id/certificates', () => {
  it('runs in the background and reports what it issued and why the rest could not be', async () => {
    const queued = await t.http(coordinator).post(`/v1/cohorts/${cohortId}/certificates`);
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    expect(queued.headers.location).toBe(`/v1/jobs/${queued.body.id}`);
    const job = await waitFor(queued.body.id);
    expect(job).toMatchObject({ status: 'completed', total: 6, done: 4, failed: 2 });
    expect(job.failures.map((f: { item: string }) => f.item).sort()).toEqual([
      'Deelnemer Nummer 4',
      'Deelnemer Nummer 5',
    ]);
    expect(job.failures[0].reason).toMatch(/Module boekstart: not_started/);
    const certificates = await t.http(coordinator).get(`/v1/certificates?cohortId=${cohortId}`);
    expect(certificates.body.page.total).toBe(4);
    expect(new Set(job.resultIds)).toEqual(new Set(certificates.body.data.map((c: { id: string }) => c.id)));
  });

  it('issues nothing twice when run again', async () => {
    const queued = await t.http(coordinator).post(`/v1/cohorts/${cohortId}/certificates`);
    const job = await waitFor(queued.body.id);
    expect(job).toMatchObject({ done: 4, failed: 2 });
    expect((await t.http(coordinator).get(`/v1/certificates?cohortId=${cohortId}`)).body.page.total).toBe(4);
  });

  it('is out of sight of another library', async () => {
    expectProblem(await t.http(otherCoordinator).post(`/v1/cohorts/${cohortId}/certificates`), 404);
    const queued = await t.http(coordinator).post(`/v1/cohorts/${cohortId}/certificates`);
    expectProblem(await t.http(otherCoordinator).get(`/v1/jobs/${queued.body.id}`), 404);
  });
});
