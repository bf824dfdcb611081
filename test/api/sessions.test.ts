import { enrolments, participants } from '@loket/db';
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
