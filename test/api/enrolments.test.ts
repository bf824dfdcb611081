import { auditEvents, enrolments } from '@loket/db';
import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { inTwoProvinces } from '../support/provinces';

let t: TestApp;
const { org, token } = inTwoProvinces((app) => {
  t = app;
});
const cohort = {} as Record<'running' | 'planned' | 'closed' | 'other', string>;
let counter = 0;

async function send(method: 'post' | 'patch', path: string, body: Record<string, unknown>) {
  const response = await t.http()[method](path).send(body);
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
  return response.body as { id: string; version: number };
}

const newParticipant = async (organisationId = org.library) => {
  counter += 1;
  return (
    await send('post', '/v1/participants', {
      organisationId,
      givenName: 'Sanne',
      familyName: `Vries ${counter}`,
      email: `sanne.${counter}@hilversum.example`,
    })
  ).id;
};

async function newCohort(organisationId: string, statuses: string[]) {
  const { id } = await send('post', '/v1/cohorts', {
    organisationId,
    phase: 'rollout',
    startsOn: '2019-03-04',
    endsOn: '2019-06-03',
    moduleCodes: ['boekstart', 'digitaalhuis'],
  });
  for (const status of statuses) await send('patch', `/v1/cohorts/${id}`, { status });
  return id;
}

/** An enrolment in a running cohort: the one kind that takes progress. */
const newEnrolment = async () =>
  (await send('post', '/v1/enrolments', { cohortId: cohort.running, participantId: await newParticipant() })) as {
    id: string;
    version: number;
  };

const enrolmentsOf = async (participantId: string) =>
  (
    await t.database.connection.db
      .select({ n: count() })
      .from(enrolments)
      .where(eq(enrolments.participantId, participantId))
  )[0]?.n;

beforeAll(async () => {
  cohort.running = await newCohort(org.library, ['running']);
  cohort.planned = await newCohort(org.library, []);
  cohort.closed = await newCohort(org.library, ['running', 'evaluating', 'closed']);
  cohort.other = await newCohort(org.otherLibrary, ['running']);
});

describe('POST /v1/enrolments', () => {
  it('enrols a participant with every module not started, and audits it', async () => {
    const participantId = await newParticipant();
    const response = await t
      .http(token.adviser)
      .post('/v1/enrolments')
      .send({ cohortId: cohort.planned, participantId });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.headers.location).toBe(`/v1/enrolments/${response.body.id}`);
    expect(response.body.status).toBe('invited');
    expect((response.body.progress as Array<{ status: string }>).map((p) => p.status)).toEqual([
      'not_started',
      'not_started',
    ]);
    const [event] = await t.database.connection.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceId, response.body.id), eq(auditEvents.action, 'enrolment.created')));
    expect(event).toBeDefined();
  });

  it('enrols once for a retry with the same Idempotency-Key, answering the first enrolment again', async () => {
    const participantId = await newParticipant();
    const body = { cohortId: cohort.planned, participantId };
    const first = await t.http().post('/v1/enrolments').set('idempotency-key', `enrol-${participantId}`).send(body);
    const again = await t.http().post('/v1/enrolments').set('idempotency-key', `enrol-${participantId}`).send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await enrolmentsOf(participantId)).toBe(1);
  });

  it('answers 409 for someone enrolled already, without a key', async () => {
    const participantId = await newParticipant();
    await send('post', '/v1/enrolments', { cohortId: cohort.planned, participantId });
    expectProblem(
      await t.http().post('/v1/enrolments').send({ cohortId: cohort.planned, participantId }),
      409,
      'already-enrolled',
    );
    expect(await enrolmentsOf(participantId)).toBe(1);
  });

  it('answers 409 for a closed cohort', async () => {
    const response = await t
      .http()
      .post('/v1/enrolments')
      .send({ cohortId: cohort.closed, participantId: await newParticipant() });
    expectProblem(response, 409, 'cohort-closed');
  });

  it('answers 422 for a participant of another library, and for a cohort outside the caller\u2019s province', async () => {
    const elsewhere = await newParticipant(org.otherLibrary);
    expectProblem(
      await t.http().post('/v1/enrolments').send({ cohortId: cohort.running, participantId: elsewhere }),
      422,
    );
    const response = await t
      .http(token.adviser)
      .post('/v1/enrolments')
      .send({ cohortId: cohort.other, participantId: await newParticipant() });
    expect(expectProblem(response, 422).errors?.[0]?.path).toBe('/cohortId');
  });

  it('answers 401 without a token and 403 to a facilitator', async () => {
    const body = { cohortId: cohort.running, participantId: await newParticipant() };
    expectProblem(await t.http(null).post('/v1/enrolments').send(body), 401);
    expectProblem(await t.http(token.facilitator).post('/v1/enrolments').send(body), 403);
  });
});

describe('GET /v1/enrolments/{id}', () => {
  it('answers the enrolment with its progress and what it still needs', async () => {
    const enrolment = await newEnrolment();
    const response = await t.http(token.facilitator).get(`/v1/enrolments/${enrolment.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe(`"${response.body.version}"`);
    expect(response.body.completion).toBeDefined();
  });

  it('answers 404 outside the caller\u2019s province and for an unknown id, 400 for a malformed one', async () => {
    const enrolment = await newEnrolment();
    expectProblem(await t.http(token.outsider).get(`/v1/enrolments/${enrolment.id}`), 404);
    expectProblem(await t.http().get('/v1/enrolments/01936a2b-0000-7000-8000-000000000000'), 404);
    expectProblem(await t.http().get('/v1/enrolments/42'), 400);
  });

  it('answers 401 without a token', async () => {
    const enrolment = await newEnrolment();
    expectProblem(await t.http(null).get(`/v1/enrolments/${enrolment.id}`), 401);
  });
});

describe('GET /v1/enrolments', () => {
  it('lists only enrolments in the caller\u2019s province', async () => {
    const inside = await newEnrolment();
    const outside = await send('post', '/v1/enrolments', {
      cohortId: cohort.other,
      participantId: await newParticipant(org.otherLibrary),
    });
    const response = await t.http(token.adviser).get('/v1/enrolments?limit=100');
    expect(response.status).toBe(200);
    const ids = (response.body.data as Array<{ id: string }>).map((e) => e.id);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(outside.id);
  });

  it('answers 400 for an unknown status', async () => {
    expectProblem(await t.http().get('/v1/enrolments?status=paused'), 400);
  });
});

describe('PATCH /v1/enrolments/{id}', () => {
  it('withdraws someone and takes them back, auditing both', async () => {
    const enrolment = await newEnrolment();
    const withdrawn = await t.http().patch(`/v1/enrolments/${enrolment.id}`).send({ status: 'withdrawn' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    const back = await t.http().patch(`/v1/enrolments/${enrolment.id}`).send({ status: 'active' });
    expect(back.body.status).not.toBe('withdrawn');
    const actions = await t.database.connection.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.resourceId, enrolment.id));
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['enrolment.withdrawn', 'enrolment.reinstated']),
    );
  });

  it('answers 412 for a stale If-Match and changes nothing', async () => {
    const enrolment = await newEnrolment();
    await t.http().patch(`/v1/enrolments/${enrolment.id}`).send({ status: 'withdrawn' });
    const stale = await t
      .http()
      .patch(`/v1/enrolments/${enrolment.id}`)
      .set('if-match', `"${enrolment.version}"`)
      .send({ status: 'active' });
    expectProblem(stale, 412);
    expect((await t.http().get(`/v1/enrolments/${enrolment.id}`)).body.status).toBe('withdrawn');
  });

  it('answers 422 for a status one cannot set by hand', async () => {
    const enrolment = await newEnrolment();
    expectProblem(await t.http().patch(`/v1/enrolments/${enrolment.id}`).send({ status: 'completed' }), 422);
  });

  it('answers 401, 403 to a facilitator and 404 outside the caller\u2019s province', async () => {
    const enrolment = await newEnrolment();
    const body = { status: 'withdrawn' };
    expectProblem(await t.http(null).patch(`/v1/enrolments/${enrolment.id}`).send(body), 401);
    expectProblem(await t.http(token.facilitator).patch(`/v1/enrolments/${enrolment.id}`).send(body), 403);
    expectProblem(await t.http(token.outsider).patch(`/v1/enrolments/${enrolment.id}`).send(body), 404);
  });
});

describe('PUT /v1/enrolments/{id}/progress/{moduleCode}', () => {
  it('records progress, and a repeat of the same completion changes nothing', async () => {
    const enrolment = await newEnrolment();
    const url = `/v1/enrolments/${enrolment.id}/progress/boekstart`;
    const first = await t.http().put(url).send({ status: 'completed', score: 0.8 });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await t.http().put(url).send({ status: 'completed', score: 0.8 });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(first.body.version);
    const updates = await t.database.connection.db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceId, enrolment.id), eq(auditEvents.action, 'progress.updated')));
    expect(updates[0]?.n).toBe(1);
  });

  it('answers 409 for a completed module set back, a withdrawn enrolment and a cohort not running', async () => {
    const enrolment = await newEnrolment();
    const url = `/v1/enrolments/${enrolment.id}/progress/boekstart`;
    await t.http().put(url).send({ status: 'completed' });
    expectProblem(await t.http().put(url).send({ status: 'in_progress' }), 409, 'progress-completed');

    const withdrawn = await newEnrolment();
    await t.http().patch(`/v1/enrolments/${withdrawn.id}`).send({ status: 'withdrawn' });
    expectProblem(
      await t.http().put(`/v1/enrolments/${withdrawn.id}/progress/boekstart`).send({ status: 'in_progress' }),
      409,
      'enrolment-withdrawn',
    );

    const planned = await send('post', '/v1/enrolments', {
      cohortId: cohort.planned,
      participantId: await newParticipant(),
    });
    expectProblem(
      await t.http().put(`/v1/enrolments/${planned.id}/progress/boekstart`).send({ status: 'in_progress' }),
      409,
      'cohort-not-running',
    );
  });

  it('answers 404 for a module the cohort does not follow and 422 for a score above 1', async () => {
    const enrolment = await newEnrolment();
    expectProblem(
      await t.http().put(`/v1/enrolments/${enrolment.id}/progress/onbekend`).send({ status: 'in_progress' }),
      404,
    );
    expectProblem(
      await t.http().put(`/v1/enrolments/${enrolment.id}/progress/boekstart`).send({ status: 'completed', score: 2 }),
      422,
    );
  });

  it('answers 401 without a token and 403 to a facilitator', async () => {
    const enrolment = await newEnrolment();
    const url = `/v1/enrolments/${enrolment.id}/progress/boekstart`;
    expectProblem(await t.http(null).put(url).send({ status: 'in_progress' }), 401);
    expectProblem(await t.http(token.facilitator).put(url).send({ status: 'in_progress' }), 403);
  });
});

describe('POST /v1/enrolments/{id}/progress/{moduleCode}/reset', () => {
  it('lets an admin reopen a completed module with a reason kept in the audit log', async () => {
    const enrolment = await newEnrolment();
    await t.http().put(`/v1/enrolments/${enrolment.id}/progress/boekstart`).send({ status: 'completed' });
    const response = await t
      .http()
      .post(`/v1/enrolments/${enrolment.id}/progress/boekstart/reset`)
      .send({ reason: 'Per ongeluk afgevinkt' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const module = (response.body.progress as Array<{ code: string; status: string }>).find(
      (p) => p.code === 'boekstart',
    );
    expect(module?.status).toBe('in_progress');
    const [event] = await t.database.connection.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceId, enrolment.id), eq(auditEvents.action, 'progress.reset')));
    expect(event?.after).toMatchObject({ reason: 'Per ongeluk afgevinkt' });
  });

  it('answers 409 for a module that is not completed and 422 for a reason too short', async () => {
    const enrolment = await newEnrolment();
    const url = `/v1/enrolments/${enrolment.id}/progress/boekstart/reset`;
    expectProblem(await t.http().post(url).send({ reason: 'Per ongeluk' }), 409, 'progress-not-completed');
    expectProblem(await t.http().post(url).send({ reason: 'oe' }), 422);
  });

  it('answers 403 to an adviser: only admins reopen modules', async () => {
    const enrolment = await newEnrolment();
    const url = `/v1/enrolments/${enrolment.id}/progress/boekstart/reset`;
    expectProblem(await t.http(token.adviser).post(url).send({ reason: 'Per ongeluk' }), 403);
  });
});
