import { enrolments, participants, sessions } from '@loket/db';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { buildWorld } from '../support/receiver';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;

beforeAll(async () => {
  t = await startTestApp();
  world = await buildWorld(t);
});

afterAll(async () => {
  await t.close();
});

const accountOf = async (role: 'facilitator' | 'coordinator', organisationId: string) =>
  (await t.http(await t.tokenFor(role, { organisationId })).get('/v1/me')).body.id as string;

describe('the facilitators of a meeting', () => {
  it('are refused when they work in another province, on PATCH and on POST, and nothing changes', async () => {
    const cohortId = await world.cohortIn(world.libraryA);
    const local = await accountOf('facilitator', world.libraryA);
    const elsewhere = await accountOf('facilitator', world.libraryB);
    const [meeting] = (await t.http().get(`/v1/sessions?cohortId=${cohortId}`)).body.data as Array<{ id: string }>;
    if (!meeting) throw new Error('the cohort has no meetings');

    const refused = expectProblem(
      await t
        .http()
        .patch(`/v1/sessions/${meeting.id}`)
        .set('if-match', '"1"')
        .send({ facilitatorUserIds: [local, elsewhere] }),
      422,
      'validation',
    );
    expect(refused.errors).toEqual([
      { path: '/facilitatorUserIds/1', message: expect.any(String), code: 'facilitator-elsewhere' },
    ]);
    const unchanged = await t.http().get(`/v1/sessions/${meeting.id}`);
    expect(unchanged.body).toMatchObject({ facilitatorUserIds: [], version: 1 });

    const meetingsBefore = (await t.http().get(`/v1/sessions?cohortId=${cohortId}`)).body.page.total;
    const created = await t
      .http()
      .post('/v1/sessions')
      .send({
        cohortId,
        type: 'team_meeting',
        title: 'Extra teambijeenkomst',
        startsAt: '2026-05-04T12:00:00.000Z',
        endsAt: '2026-05-04T13:30:00.000Z',
        facilitatorUserIds: [elsewhere],
      });
    expect(expectProblem(created, 422, 'validation').errors?.[0]?.path).toBe('/facilitatorUserIds/0');
    expect((await t.http().get(`/v1/sessions?cohortId=${cohortId}`)).body.page.total).toBe(meetingsBefore);

    const accepted = await t
      .http()
      .patch(`/v1/sessions/${meeting.id}`)
      .set('if-match', '"1"')
      .send({ facilitatorUserIds: [local] });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.facilitatorUserIds).toEqual([local]);
  });

  it('are refused when they are not facilitators or coordinators of the library itself', async () => {
    const cohortId = await world.cohortIn(world.libraryA);
    const adviserOfA = (await t.http(await t.tokenFor('adviser', { organisationId: world.poiA })).get('/v1/me')).body
      .id as string;
    const [meeting] = (await t.http().get(`/v1/sessions?cohortId=${cohortId}`)).body.data as Array<{ id: string }>;
    if (!meeting) throw new Error('the cohort has no meetings');
    expectProblem(
      await t
        .http()
        .patch(`/v1/sessions/${meeting.id}`)
        .set('if-match', '"1"')
        .send({ facilitatorUserIds: [adviserOfA] }),
      422,
      'validation',
    );
    expectProblem(
      await t
        .http()
        .patch(`/v1/sessions/${meeting.id}`)
        .set('if-match', '"1"')
        .send({ facilitatorUserIds: ['00000000-0000-7000-8000-000000000000'] }),
      422,
      'validation',
    );
  });
});

describe('GET /v1/sessions/{id}/attendance', () => {
  it('shows a participant their own line even in a cohort of more than two thousand', async () => {
    const cohortId = await world.cohortIn(world.libraryA, 'running');
    const db = t.database.connection.db;
    // Straight into the database: two thousand people through the API would take minutes.
    const crowd = await db
      .insert(participants)
      .values(
        Array.from({ length: 2001 }, (_, i) => ({
          organisationId: world.libraryA,
          givenName: `Lid${i}`,
          familyName: `Aalders${String(i).padStart(4, '0')}`,
          email: `lid${i}.${cohortId}@bibliotheek.example`,
        })),
      )
      .returning({ id: participants.id });
    await db.insert(enrolments).values(crowd.map((p) => ({ cohortId, participantId: p.id })));
    // "de Vries" sorts after every "Aalders…".
    const participantId = await world.participantIn(world.libraryA);
    const enrolmentId = await world.enrol(cohortId, participantId);
    const meetings = (await t.http().get(`/v1/sessions?cohortId=${cohortId}`)).body.data as Array<{ id: string }>;
    const meetingId = meetings[0]?.id ?? '';

    const participant = await t.tokenFor('participant', { participantId });
    const own = await t.http(participant).get(`/v1/sessions/${meetingId}/attendance`);
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.records).toEqual([
      {
        enrolmentId,
        participantName: expect.stringContaining('de Vries'),
        status: null,
        excuseWaived: false,
        recordedAt: null,
      },
    ]);

    const whole = await t.http().get(`/v1/sessions/${meetingId}/attendance`);
    expect(whole.body.records).toHaveLength(2002);
    expect(whole.body.records.at(-1).enrolmentId).toBe(enrolmentId);
  }, 60_000);
});

const meetingBody = (cohortId: string, overrides: Record<string, unknown> = {}) => ({
  cohortId,
  type: 'team_meeting',
  title: 'Extra teambijeenkomst',
  startsAt: '2026-04-14T12:00:00.000Z',
  endsAt: '2026-04-14T14:00:00.000Z',
  ...overrides,
});
const meetingsOf = async (cohortId: string) =>
  (await t.database.connection.db.select({ n: count() }).from(sessions).where(eq(sessions.cohortId, cohortId)))[0]?.n;
const newMeeting = async (cohortId: string) => {
  const response = await t.http().post('/v1/sessions').send(meetingBody(cohortId));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; version: number };
};

describe('POST /v1/sessions', () => {
  it('plans a meeting with its ETag and Location', async () => {
    const cohortId = await world.cohortIn(world.libraryA);
    const response = await t.http().post('/v1/sessions').send(meetingBody(cohortId));
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.headers.etag).toBe('"1"');
    expect(response.headers.location).toBe(`/v1/sessions/${response.body.id}`);
    expect(response.body).toMatchObject({ type: 'team_meeting', title: 'Extra teambijeenkomst' });
  });

  it('plans one meeting for a retry with the same Idempotency-Key', async () => {
    const cohortId = await world.cohortIn(world.libraryA);
    const before = await meetingsOf(cohortId);
    const first = await t
      .http()
      .post('/v1/sessions')
      .set('idempotency-key', `meeting-${cohortId}`)
      .send(meetingBody(cohortId));
    const again = await t
      .http()
      .post('/v1/sessions')
      .set('idempotency-key', `meeting-${cohortId}`)
      .send(meetingBody(cohortId));
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await meetingsOf(cohortId)).toBe((before ?? 0) + 1);
  });

  it('answers 422 for a meeting outside the cohort\u2019s dates, one that ends before it starts, and an unknown type', async () => {
    const cohortId = await world.cohortIn(world.libraryA);
    const outside = { startsAt: '2027-01-05T12:00:00.000Z', endsAt: '2027-01-05T14:00:00.000Z' };
    expectProblem(await t.http().post('/v1/sessions').send(meetingBody(cohortId, outside)), 422);
    const backwards = { endsAt: '2026-04-14T11:00:00.000Z' };
    expectProblem(await t.http().post('/v1/sessions').send(meetingBody(cohortId, backwards)), 422);
    expectProblem(
      await t
        .http()
        .post('/v1/sessions')
        .send(meetingBody(cohortId, { type: 'party' })),
      422,
    );
  });

  it('answers 409 for a closed cohort', async () => {
    const cohortId = await world.cohortIn(world.libraryA, 'running');
    for (const status of ['evaluating', 'closed']) await t.http().patch(`/v1/cohorts/${cohortId}`).send({ status });
    expectProblem(await t.http().post('/v1/sessions').send(meetingBody(cohortId)), 409, 'cohort-closed');
  });

  it('answers 401 without a token, 403 to a facilitator and 422 for a cohort in another province', async () => {
    const cohortId = await world.cohortIn(world.libraryA);
    const facilitator = await t.tokenFor('facilitator', { organisationId: world.libraryA });
    const elsewhere = await t.tokenFor('coordinator', { organisationId: world.libraryB });
    expectProblem(await t.http(null).post('/v1/sessions').send(meetingBody(cohortId)), 401);
    expectProblem(await t.http(facilitator).post('/v1/sessions').send(meetingBody(cohortId)), 403);
    expectProblem(await t.http(elsewhere).post('/v1/sessions').send(meetingBody(cohortId)), 422);
  });
});

describe('GET /v1/sessions/{id}', () => {
  it('answers the meeting, 404 to another province and for an unknown id, 400 for a malformed one', async () => {
    const meeting = await newMeeting(await world.cohortIn(world.libraryA));
    expect((await t.http().get(`/v1/sessions/${meeting.id}`)).status).toBe(200);
    const elsewhere = await t.tokenFor('coordinator', { organisationId: world.libraryB });
    expectProblem(await t.http(elsewhere).get(`/v1/sessions/${meeting.id}`), 404);
    expectProblem(await t.http().get('/v1/sessions/01936a2b-0000-7000-8000-000000000000'), 404);
    expectProblem(await t.http().get('/v1/sessions/meeting'), 400);
    expectProblem(await t.http(null).get(`/v1/sessions/${meeting.id}`), 401);
  });
});

describe('GET /v1/sessions', () => {
  it('answers 400 for an unknown status or type', async () => {
    expectProblem(await t.http().get('/v1/sessions?status=postponed'), 400);
    expectProblem(await t.http().get('/v1/sessions?type=party'), 400);
  });
});

describe('PATCH /v1/sessions/{id}', () => {
  it('reschedules a meeting and answers its new ETag', async () => {
    const meeting = await newMeeting(await world.cohortIn(world.libraryA));
    const response = await t
      .http()
      .patch(`/v1/sessions/${meeting.id}`)
      .set('if-match', '"1"')
      .send({ startsAt: '2026-04-15T12:00:00.000Z', endsAt: '2026-04-15T14:00:00.000Z' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.body.startsAt).toBe('2026-04-15T12:00:00.000Z');
  });

  it('answers 412 for a stale If-Match and keeps the title', async () => {
    const meeting = await newMeeting(await world.cohortIn(world.libraryA));
    await t.http().patch(`/v1/sessions/${meeting.id}`).send({ title: 'Eerste wijziging' });
    expectProblem(
      await t.http().patch(`/v1/sessions/${meeting.id}`).set('if-match', '"1"').send({ title: 'Tweede wijziging' }),
      412,
    );
    expect((await t.http().get(`/v1/sessions/${meeting.id}`)).body.title).toBe('Eerste wijziging');
  });

  it('answers 409 for a cancelled meeting and 422 for an unknown field', async () => {
    const meeting = await newMeeting(await world.cohortIn(world.libraryA));
    expectProblem(await t.http().patch(`/v1/sessions/${meeting.id}`).send({ colour: 'blue' }), 422);
    expect((await t.http().post(`/v1/sessions/${meeting.id}/cancel`)).status).toBe(200);
    expectProblem(await t.http().patch(`/v1/sessions/${meeting.id}`).send({ title: 'Toch' }), 409, 'session-cancelled');
  });
});

describe('POST /v1/sessions/{id}/cancel', () => {
  it('cancels a meeting; a repeat answers it as it is', async () => {
    const meeting = await newMeeting(await world.cohortIn(world.libraryA));
    const cancelled = await t.http().post(`/v1/sessions/${meeting.id}/cancel`).set('if-match', '"1"');
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await t.http().post(`/v1/sessions/${meeting.id}/cancel`);
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(cancelled.body.version);
  });

  it('answers 412 for a stale If-Match, 403 to a facilitator and 404 to another province', async () => {
    const meeting = await newMeeting(await world.cohortIn(world.libraryA));
    await t.http().patch(`/v1/sessions/${meeting.id}`).send({ title: 'Gewijzigd' });
    expectProblem(await t.http().post(`/v1/sessions/${meeting.id}/cancel`).set('if-match', '"1"'), 412);
    const facilitator = await t.tokenFor('facilitator', { organisationId: world.libraryA });
    expectProblem(await t.http(facilitator).post(`/v1/sessions/${meeting.id}/cancel`), 403);
    const elsewhere = await t.tokenFor('coordinator', { organisationId: world.libraryB });
    expectProblem(await t.http(elsewhere).post(`/v1/sessions/${meeting.id}/cancel`), 404);
  });
});

describe('PUT /v1/sessions/{id}/attendance', () => {
  it('answers 409 for a meeting that has not started yet', async () => {
    const cohort = await t
      .http()
      .post('/v1/cohorts')
      .send({
        organisationId: world.libraryA,
        phase: 'rollout',
        startsOn: '2026-01-05',
        endsOn: '2099-06-01',
        moduleCodes: ['boekstart'],
      });
    await t.http().patch(`/v1/cohorts/${cohort.body.id}`).send({ status: 'running' }).expect(200);
    const enrolmentId = await world.enrol(cohort.body.id, await world.participantIn(world.libraryA));
    const future = await t
      .http()
      .post('/v1/sessions')
      .send(meetingBody(cohort.body.id, { startsAt: '2099-01-06T12:00:00.000Z', endsAt: '2099-01-06T14:00:00.000Z' }));
    expect(future.status, JSON.stringify(future.body)).toBe(201);
    expectProblem(
      await t
        .http()
        .put(`/v1/sessions/${future.body.id}/attendance`)
        .send({ records: [{ enrolmentId, status: 'present' }] }),
      409,
      'session-not-started',
    );
  });

  it('answers 422 for someone not enrolled in the meeting\u2019s cohort', async () => {
    const cohortId = await world.cohortIn(world.libraryA, 'running');
    const meetings = (await t.http().get(`/v1/sessions?cohortId=${cohortId}`)).body.data as Array<{ id: string }>;
    const otherEnrolment = await world.enrol(
      await world.cohortIn(world.libraryA, 'running'),
      await world.participantIn(world.libraryA),
    );
    expectProblem(
      await t
        .http()
        .put(`/v1/sessions/${meetings[0]?.id}/attendance`)
        .send({ records: [{ enrolmentId: otherEnrolment, status: 'present' }] }),
      422,
    );
  });
});
