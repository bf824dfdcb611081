import { auditEvents, cohorts } from '@loket/db';
import { count, eq } from 'drizzle-orm';
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

const cohortBody = (overrides: Record<string, unknown> = {}) => ({
  organisationId: org.library,
  phase: 'rollout',
  startsOn: '2019-03-04',
  endsOn: '2019-06-03',
  moduleCodes: ['boekstart', 'digitaalhuis'],
  ...overrides,
});

interface CohortBody {
  id: string;
  status: string;
  version: number;
  nextStatuses: string[];
  accepts: Record<string, boolean>;
}

const newCohort = async () => (await created(t, '/v1/cohorts', cohortBody())) as unknown as CohortBody;
const rowsNamed = async (name: string) =>
  (await t.database.connection.db.select({ n: count() }).from(cohorts).where(eq(cohorts.name, name)))[0]?.n;

describe('POST /v1/cohorts', () => {
  it('creates a planned cohort with its ETag and Location, says what it accepts, and audits it', async () => {
    const response = await t.http(token.adviser).post('/v1/cohorts').send(cohortBody());
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.headers.etag).toBe('"1"');
    expect(response.headers.location).toBe(`/v1/cohorts/${response.body.id}`);
    expect(response.body).toMatchObject({
      status: 'planned',
      nextStatuses: ['running'],
      accepts: { enrolments: true, moduleChanges: true, meetings: true, progress: false, attendance: false },
    });
    const [event] = await auditTrail(t, response.body.id);
    expect(event?.action).toBe('cohort.created');
  });

  it('makes one cohort for a retry with the same Idempotency-Key, and answers it again', async () => {
    counter += 1;
    const name = `Herhaald ${counter}`;
    const first = await t
      .http()
      .post('/v1/cohorts')
      .set('idempotency-key', `cohort-${counter}`)
      .send(cohortBody({ name }));
    const again = await t
      .http()
      .post('/v1/cohorts')
      .set('idempotency-key', `cohort-${counter}`)
      .send(cohortBody({ name }));
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await rowsNamed(name)).toBe(1);
  });

  it('refuses the same Idempotency-Key for another body with 422, creating nothing', async () => {
    counter += 1;
    const key = `cohort-${counter}`;
    await t
      .http()
      .post('/v1/cohorts')
      .set('idempotency-key', key)
      .send(cohortBody({ name: `Eerste ${counter}` }));
    const other = await t
      .http()
      .post('/v1/cohorts')
      .set('idempotency-key', key)
      .send(cohortBody({ name: `Ander ${counter}` }));
    expectProblem(other, 422, 'idempotency-key-reused');
    expect(await rowsNamed(`Ander ${counter}`)).toBe(0);
  });

  it('answers 401 without a token', async () => {
    expectProblem(await t.http(null).post('/v1/cohorts').send(cohortBody()), 401);
  });

  it('answers 403 to a facilitator, who may not plan cohorts', async () => {
    expectProblem(await t.http(token.facilitator).post('/v1/cohorts').send(cohortBody()), 403);
  });

  it('answers 422 for a library outside the caller\u2019s province, as for one that does not exist', async () => {
    const response = await t.http(token.outsider).post('/v1/cohorts').send(cohortBody());
    const problem = expectProblem(response, 422);
    expect(problem.errors?.[0]?.path).toBe('/organisationId');
  });

  it('answers 422 for an end before the start, an unknown field and a POI instead of a library', async () => {
    expectProblem(
      await t
        .http()
        .post('/v1/cohorts')
        .send(cohortBody({ endsOn: '2019-01-01' })),
      422,
    );
    expectProblem(
      await t
        .http()
        .post('/v1/cohorts')
        .send(cohortBody({ colour: 'blue' })),
      422,
    );
    expectProblem(
      await t
        .http()
        .post('/v1/cohorts')
        .send(cohortBody({ organisationId: org.poi })),
      422,
    );
  });
});

describe('GET /v1/cohorts', () => {
  it('lists only the cohorts of the caller\u2019s province', async () => {
    const inside = await newCohort();
    const outside = await created(t, '/v1/cohorts', cohortBody({ organisationId: org.otherLibrary }));
    const response = await t.http(token.adviser).get('/v1/cohorts?limit=100');
    expect(response.status).toBe(200);
    const ids = (response.body.data as Array<{ id: string }>).map((c) => c.id);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(outside.id);
  });

  it('answers 400 for an unknown status or sort field', async () => {
    expectProblem(await t.http().get('/v1/cohorts?status=paused'), 400);
    expectProblem(await t.http().get('/v1/cohorts?sort=colour'), 400);
  });

  it('answers 401 without a token', async () => {
    expectProblem(await t.http(null).get('/v1/cohorts'), 401);
  });
});

describe('GET /v1/cohorts/{id}', () => {
  it('answers the cohort with its ETag', async () => {
    const cohort = await newCohort();
    const response = await t.http(token.facilitator).get(`/v1/cohorts/${cohort.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('"1"');
    expect(response.body.id).toBe(cohort.id);
  });

  it('answers 404 for a cohort outside the caller\u2019s province and for one that does not exist', async () => {
    const cohort = await newCohort();
    expectProblem(await t.http(token.outsider).get(`/v1/cohorts/${cohort.id}`), 404);
    expectProblem(await t.http().get('/v1/cohorts/01936a2b-0000-7000-8000-000000000000'), 404);
  });

  it('answers 400 for an id that is not a UUID', async () => {
    expectProblem(await t.http().get('/v1/cohorts/not-a-uuid'), 400);
  });
});

describe('PATCH /v1/cohorts/{id}', () => {
  it('moves the status one step, offers the next one and audits the change', async () => {
    const cohort = await newCohort();
    const response = await t
      .http(token.adviser)
      .patch(`/v1/cohorts/${cohort.id}`)
      .set('if-match', '"1"')
      .send({ status: 'running' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.body).toMatchObject({
      status: 'running',
      nextStatuses: ['evaluating'],
      accepts: { moduleChanges: false, progress: true, attendance: true },
    });
    const actions = await t.database.connection.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.resourceId, cohort.id));
    expect(actions.map((a) => a.action)).toContain('cohort.status_changed');
  });

  it('answers 412 for a stale If-Match and leaves the cohort as it was', async () => {
    const cohort = await newCohort();
    await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ name: 'Eerst' });
    expectProblem(await t.http().patch(`/v1/cohorts/${cohort.id}`).set('if-match', '"1"').send({ name: 'Later' }), 412);
    expect((await t.http().get(`/v1/cohorts/${cohort.id}`)).body.name).toBe('Eerst');
  });

  it('answers 409 for a step skipped, and for any change once closed', async () => {
    const cohort = await newCohort();
    expectProblem(
      await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status: 'closed' }),
      409,
      'invalid-transition',
    );
    for (const status of ['running', 'evaluating', 'closed']) {
      expect((await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status })).status).toBe(200);
    }
    const closed = await t.http().get(`/v1/cohorts/${cohort.id}`);
    expect(closed.body).toMatchObject({ nextStatuses: [], accepts: { enrolments: false, meetings: false } });
    expectProblem(await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ name: 'Nog eens' }), 409, 'cohort-closed');
  });

  it('answers 409 for a change of modules once the cohort runs', async () => {
    const cohort = await newCohort();
    await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status: 'running' });
    const response = await t
      .http()
      .patch(`/v1/cohorts/${cohort.id}`)
      .send({ moduleCodes: ['boekstart'] });
    expectProblem(response, 409, 'cohort-started');
  });

  it('answers 422 for an end before the start and for an unknown field', async () => {
    const cohort = await newCohort();
    expectProblem(await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ endsOn: '2018-01-01' }), 422);
    expectProblem(await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ colour: 'blue' }), 422);
  });

  it('answers 401 without a token, 403 to a facilitator and 404 outside the caller\u2019s province', async () => {
    const cohort = await newCohort();
    expectProblem(await t.http(null).patch(`/v1/cohorts/${cohort.id}`).send({ name: 'x' }), 401);
    expectProblem(await t.http(token.facilitator).patch(`/v1/cohorts/${cohort.id}`).send({ name: 'x' }), 403);
    expectProblem(await t.http(token.outsider).patch(`/v1/cohorts/${cohort.id}`).send({ name: 'x' }), 404);
  });
});

describe('DELETE /v1/cohorts/{id}', () => {
  it('deletes a planned cohort without enrolments', async () => {
    const cohort = await newCohort();
    expect((await t.http().delete(`/v1/cohorts/${cohort.id}`).set('if-match', '"1"')).status).toBe(204);
    expectProblem(await t.http().get(`/v1/cohorts/${cohort.id}`), 404);
  });

  it('answers 409 for a cohort that has started', async () => {
    const cohort = await newCohort();
    await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status: 'running' });
    expectProblem(await t.http().delete(`/v1/cohorts/${cohort.id}`), 409, 'cohort-in-use');
  });

  it('answers 412 for a stale If-Match, keeping the cohort', async () => {
    const cohort = await newCohort();
    await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ name: 'Gewijzigd' });
    expectProblem(await t.http().delete(`/v1/cohorts/${cohort.id}`).set('if-match', '"1"'), 412);
    expect((await t.http().get(`/v1/cohorts/${cohort.id}`)).status).toBe(200);
  });

  it('answers 401, 403 and 404 as the other routes do', async () => {
    const cohort = await newCohort();
    expectProblem(await t.http(null).delete(`/v1/cohorts/${cohort.id}`), 401);
    expectProblem(await t.http(token.facilitator).delete(`/v1/cohorts/${cohort.id}`), 403);
    expectProblem(await t.http(token.outsider).delete(`/v1/cohorts/${cohort.id}`), 404);
  });
});
