import {
  cohorts,
  currentPublishedVersionIds,
  insertEnrolments,
  insertOrganisation,
  type OrganisationRow,
  participants,
} from '@loket/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';

/**
 * No silent cut-offs: a batch either completes whole or answers a clear problem. Each case has
 * more records than the page size the code used to read them with (200, 2,000, 5,000).
 */
let t: TestApp;
let poi: OrganisationRow;
let library: OrganisationRow;

async function post(url: string, body: object) {
  const response = await t.http().post(url).send(body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

/** People straight into the database, named so that the ones that matter sort last. */
async function people(count: number, tag: string, last = 'Zwart') {
  const values = Array.from({ length: count }, (_, i) => ({
    organisationId: library.id,
    givenName: 'Deelnemer',
    familyName: i === count - 1 ? last : `Achternaam ${String(i).padStart(5, '0')}`,
    email: `${tag}.${i}@batch.example`,
  }));
  const ids: string[] = [];
  for (let i = 0; i < values.length; i += 1000) {
    const rows = await t.database.connection.db
      .insert(participants)
      .values(values.slice(i, i + 1000))
      .returning({ id: participants.id });
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

async function runningCohort(name: string) {
  const cohort = await post('/v1/cohorts', {
    organisationId: library.id,
    name,
    phase: 'rollout',
    startsOn: '2019-03-04',
    endsOn: '2019-06-03',
    moduleCodes: ['boekstart'],
  });
  await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status: 'running' }).expect(200);
  return cohort.id as string;
}

async function enrolDirectly(cohortId: string, participantIds: string[], withdrawn = (_i: number) => false) {
  for (let i = 0; i < participantIds.length; i += 1000) {
    await insertEnrolments(
      t.database.connection.db,
      participantIds.slice(i, i + 1000).map((participantId, j) => ({
        cohortId,
        participantId,
        ...(withdrawn(i + j) ? { status: 'withdrawn' as const } : {}),
      })),
      [],
    );
  }
}

beforeAll(async () => {
  t = await startTestApp({ backgroundJobs: true });
  poi = await insertOrganisation(t.database.connection.db, { kind: 'poi', name: 'Rijnbrink', shortName: null }, t.kb);
  library = await insertOrganisation(
    t.database.connection.db,
    { kind: 'library', name: 'Bibliotheek Deventer', shortName: null },
    poi,
  );
}, 120_000);

afterAll(async () => {
  await t.close();
});

describe('bulk enrolment', () => {
  it('answers every enrolment of a batch over 200', async () => {
    const cohort = await runningCohort('Groot leertraject');
    const ids = await people(250, 'bulk');
    const response = await t.http().post(`/v1/cohorts/${cohort}/enrolments`).send({ participantIds: ids });
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(201);
    expect(response.body.data).toHaveLength(250);
    expect(new Set(response.body.data.map((e: { participantId: string }) => e.participantId))).toEqual(new Set(ids));
  });

  it('refuses a batch over the documented maximum of 1000 as 422, enrolling no one', async () => {
    const cohort = await runningCohort('Te groot leertraject');
    const ids = await people(1001, 'te-groot');
    const problem = expectProblem(
      await t.http().post(`/v1/cohorts/${cohort}/enrolments`).send({ participantIds: ids }),
      422,
      'validation',
    );
    expect(problem.errors?.map((e) => e.path)).toEqual(['/participantIds']);
    expect((await t.http().get(`/v1/enrolments?cohortId=${cohort}`)).body.page.total).toBe(0);
  });
});

describe('a cohort with more than 2,000 enrolments', () => {
  let cohort = '';
  let meeting = '';
  let meetings: string[] = [];
  let last = '';

  beforeAll(async () => {
    cohort = await runningCohort('Landelijk leertraject');
    const ids = await people(2001, 'landelijk');
    await enrolDirectly(cohort, ids.slice(0, 2000));
    // The last one follows the cohort's module, so that they can complete it.
    const modules = (await t.http().get(`/v1/cohorts/${cohort}`)).body.modules.map((m: { id: string }) => m.id);
    await insertEnrolments(
      t.database.connection.db,
      [{ cohortId: cohort, participantId: ids[2000] as string }],
      modules,
    );
    meetings = (await t.http().get(`/v1/sessions?cohortId=${cohort}&sort=startsAt`)).body.data.map(
      (m: { id: string }) => m.id,
    );
    meeting = meetings[0] as string;
    last = (await t.http().get(`/v1/enrolments?cohortId=${cohort}&sort=-familyName&limit=1`)).body.data[0].id;
  }, 120_000);

  it('lists every one of them for a meeting\u2019s attendance', async () => {
    const response = await t.http().get(`/v1/sessions/${meeting}/attendance`);
    expect(response.status).toBe(200);
    expect(response.body.records).toHaveLength(2001);
    expect(response.body.records.map((r: { enrolmentId: string }) => r.enrolmentId)).toContain(last);
  });

  it('takes attendance for the last of them', async () => {
    const response = await t
      .http()
      .put(`/v1/sessions/${meeting}/attendance`)
      .send({ records: [{ enrolmentId: last, status: 'present' }] });
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(200);
    const record = response.body.records.find((r: { enrolmentId: string }) => r.enrolmentId === last);
    expect(record?.status).toBe('present');
  });

  it('brings the last of them up to date when a meeting is cancelled', async () => {
    await t.http().put(`/v1/enrolments/${last}/progress/boekstart`).send({ status: 'completed' }).expect(200);
    for (const id of meetings.slice(0, -1)) {
      await t
        .http()
        .put(`/v1/sessions/${id}/attendance`)
        .send({ records: [{ enrolmentId: last, status: 'present' }] })
        .expect(200);
    }
    // Only the meeting they missed keeps them from completing; cancelling it completes them.
    expect((await t.http().get(`/v1/enrolments/${last}`)).body.status).toBe('active');
    await t
      .http()
      .post(`/v1/sessions/${meetings.at(-1)}/cancel`)
      .send({})
      .expect(200);
    expect((await t.http().get(`/v1/enrolments/${last}`)).body.status).toBe('completed');
  }, 120_000);
});

describe('the certificate batch', () => {
  it('goes through every enrolment of a cohort over 5,000', async () => {
    const cohort = await runningCohort('Heel groot leertraject');
    const ids = await people(5001, 'certificaat');
    // Only the one who sorts last is still taking part: the batch must reach them.
    await enrolDirectly(cohort, ids, (i) => i < 5000);
    const queued = await t.http().post(`/v1/cohorts/${cohort}/certificates`).send({});
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    let job = queued.body;
    for (let i = 0; i < 240 && job.status !== 'completed' && job.status !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      job = (await t.http().get(`/v1/jobs/${queued.body.id}`)).body;
    }
    expect(job).toMatchObject({ status: 'completed', total: 1, failed: 1 });
    // Why, in a form a client translates: the refusal's code and what it names.
    expect(job.failures).toEqual([
      {
        item: 'Deelnemer Zwart',
        reason: expect.any(String),
        code: expect.stringMatching(/^[a-z-]+$/),
        params: expect.any(Object),
        missing: expect.any(Array),
      },
    ]);
  }, 120_000);
});

describe('a participant with more than 200 enrolments', () => {
  it('sees every one of them', async () => {
    const [person] = await people(1, 'vaak');
    const version = (await currentPublishedVersionIds(t.database.connection.db))[0] as string;
    const made = await t.database.connection.db
      .insert(cohorts)
      .values(
        Array.from({ length: 201 }, (_, i) => ({
          organisationId: library.id,
          programmeVersionId: version,
          name: `Leertraject ${i}`,
          phase: 'rollout' as const,
          startsOn: '2019-03-04',
          endsOn: '2019-06-03',
        })),
      )
      .returning({ id: cohorts.id });
    for (const cohort of made) await enrolDirectly(cohort.id, [person as string]);
    const token = await t.tokenFor('participant', { participantId: person as string });
    const response = await t.http(token).get('/v1/me/enrolments');
    expect(response.status).toBe(200);
    expect(response.body.data).toHaveLength(201);
  }, 120_000);
});

describe('an import into a library with more than 200 branches', () => {
  it('finds the branch that sorts last', async () => {
    const db = t.database.connection.db;
    for (let i = 0; i < 200; i++) {
      await insertOrganisation(
        db,
        { kind: 'branch', name: `Vestiging ${String(i).padStart(3, '0')}`, shortName: null },
        library,
      );
    }
    await insertOrganisation(db, { kind: 'branch', name: 'Zutphen', shortName: null }, library);
    const cohort = await runningCohort('Leertraject met vestigingen');
    const response = await t
      .http()
      .post(`/v1/cohorts/${cohort}/enrolments/import`)
      .type('text/csv')
      .send('voornaam;achternaam;e-mail;vestiging\r\nAnouk;Jansen;anouk@zutphen.example;Zutphen\r\n');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.rows).toEqual([
      expect.objectContaining({ line: 2, action: 'create_and_enrol', problems: [] }),
    ]);
  }, 120_000);
});
