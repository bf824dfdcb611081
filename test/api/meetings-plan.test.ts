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

interface Meeting {
  id: string;
  title: string;
  status: string;
  countsForCertificate: boolean;
  startsAt: string;
  endsAt: string;
}
const meetingsOf = async (cohortId: string, query = '') =>
  (await t.http().get(`/v1/sessions?cohortId=${cohortId}${query}`)).body.data as Meeting[];
const enrolment = async (id: string) => (await t.http().get(`/v1/enrolments/${id}`)).body;

/** A running cohort with one enrolment that did everything the programme's plan asks. */
async function completedEnrolment() {
  const cohortId = await world.cohortIn(world.libraryA, 'running');
  const enrolmentId = await world.enrol(cohortId, await world.participantIn(world.libraryA));
  await t.http().put(`/v1/enrolments/${enrolmentId}/progress/boekstart`).send({ status: 'completed' }).expect(200);
  for (const meeting of await meetingsOf(cohortId)) {
    await t
      .http()
      .put(`/v1/sessions/${meeting.id}/attendance`)
      .send({ records: [{ enrolmentId, status: 'present' }] })
      .expect(200);
  }
  expect((await enrolment(enrolmentId)).status).toBe('completed');
  return { cohortId, enrolmentId };
}

const extraMeeting = (cohortId: string, countsForCertificate?: boolean) =>
  t
    .http()
    .post('/v1/sessions')
    .send({
      cohortId,
      type: 'team_meeting',
      title: 'Extra teambijeenkomst',
      startsAt: '2026-05-04T11:30:00.000Z',
      endsAt: '2026-05-04T13:00:00.000Z',
      ...(countsForCertificate === undefined ? {} : { countsForCertificate }),
    });

describe('meetings as the programme defines them', () => {
  it("counts the plan's meetings; an extra meeting is optional and leaves the certificate alone", async () => {
    const { cohortId, enrolmentId } = await completedEnrolment();
    expect((await meetingsOf(cohortId)).map((m) => m.countsForCertificate)).toEqual([true, true, true, true]);
    const created = await extraMeeting(cohortId);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.countsForCertificate).toBe(false);
    const after = await enrolment(enrolmentId);
    expect(after.status).toBe('completed');
    expect(after.completion).toEqual({ eligible: true, missing: [] });
    expect(after.attendance.find((a: { sessionId: string }) => a.sessionId === created.body.id)).toMatchObject({
      countsForCertificate: false,
      status: null,
    });
  });

  it('asks every enrolment to attend an extra meeting once the adviser marks it as counting, and reverts', async () => {
    const { cohortId, enrolmentId } = await completedEnrolment();
    const created = await extraMeeting(cohortId);
    const marked = await t
      .http()
      .patch(`/v1/sessions/${created.body.id}`)
      .set('if-match', `"${created.body.version}"`)
      .send({ countsForCertificate: true });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    const counted = await enrolment(enrolmentId);
    expect(counted.status).toBe('active');
    expect(counted.completion.missing).toEqual([
      { kind: 'session', id: created.body.id, code: null, title: 'Extra teambijeenkomst', reason: 'not_recorded' },
    ]);
    await t
      .http()
      .patch(`/v1/sessions/${created.body.id}`)
      .set('if-match', `"${marked.body.version}"`)
      .send({ countsForCertificate: false })
      .expect(200);
    expect((await enrolment(enrolmentId)).status).toBe('completed');
  });

  it('creates a counting extra meeting when asked to, and the enrolment misses it at once', async () => {
    const { cohortId, enrolmentId } = await completedEnrolment();
    const created = await extraMeeting(cohortId, true);
    expect(created.body.countsForCertificate).toBe(true);
    expect((await enrolment(enrolmentId)).completion.eligible).toBe(false);
  });
});

/** A running cohort of library A whose dates lie around today, so it has both ended and upcoming meetings. */
async function cohortAroundToday() {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const created = await t
    .http()
    .post('/v1/cohorts')
    .send({
      organisationId: world.libraryA,
      phase: 'rollout',
      startsOn: day(-30),
      endsOn: day(60),
      moduleCodes: ['boekstart'],
    });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await t.http().patch(`/v1/cohorts/${created.body.id}`).send({ status: 'running' }).expect(200);
  return created.body.id as string;
}

describe('a held meeting', () => {
  it('is held once attendance is recorded or its end has passed, and filters by it', async () => {
    const cohortId = await cohortAroundToday();
    const enrolmentId = await world.enrol(cohortId, await world.participantIn(world.libraryA));
    const now = Date.now();
    const plan = await meetingsOf(cohortId);
    // Week 0 lies a month back, week 11 two months ahead.
    expect(plan.map((m) => m.status)).toEqual(
      plan.map((m) => (new Date(m.endsAt).getTime() <= now ? 'held' : 'scheduled')),
    );
    expect(new Set(plan.map((m) => m.status))).toEqual(new Set(['held', 'scheduled']));
    const ongoing = await t
      .http()
      .post('/v1/sessions')
      .send({
        cohortId,
        type: 'team_meeting',
        title: 'Loopt nu',
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
      });
    expect(ongoing.status, JSON.stringify(ongoing.body)).toBe(201);
    expect(ongoing.body.status).toBe('scheduled');
    await t
      .http()
      .put(`/v1/sessions/${ongoing.body.id}/attendance`)
      .send({ records: [{ enrolmentId, status: 'present' }] })
      .expect(200);
    expect((await t.http().get(`/v1/sessions/${ongoing.body.id}`)).body.status).toBe('held');
    const held = await meetingsOf(cohortId, '&status=held');
    expect(held.map((m) => m.id).sort()).toEqual(
      [ongoing.body.id, ...plan.filter((m) => m.status === 'held').map((m) => m.id)].sort(),
    );
    const scheduled = await meetingsOf(cohortId, '&status=scheduled');
    expect(scheduled.map((m) => m.id)).toEqual(plan.filter((m) => m.status === 'scheduled').map((m) => m.id));
  });

  it('splits upcoming from ended meetings by their end', async () => {
    const cohortId = await cohortAroundToday();
    const now = Date.now();
    const all = await meetingsOf(cohortId);
    const upcoming = await meetingsOf(cohortId, '&upcoming=true');
    const ended = await meetingsOf(cohortId, '&upcoming=false');
    expect(upcoming.length).toBeGreaterThan(0);
    expect(ended.length).toBeGreaterThan(0);
    expect(upcoming.map((m) => m.id)).toEqual(all.filter((m) => new Date(m.endsAt).getTime() > now).map((m) => m.id));
    expect(ended.map((m) => m.id)).toEqual(all.filter((m) => new Date(m.endsAt).getTime() <= now).map((m) => m.id));
  });
});

describe('progress recorded by hand', () => {
  const byHand = (enrolmentId: string, token?: string, body: object = {}) =>
    t
      .http(token)
      .post(`/v1/enrolments/${enrolmentId}/progress/boekstart/by-hand`)
      .send({ status: 'completed', reason: 'Module afgerond bij de vorige werkgever', ...body });

  it('needs a reason, is shown with who and when, is audited and counts for the certificate', async () => {
    const cohortId = await world.cohortIn(world.libraryA, 'running');
    const enrolmentId = await world.enrol(cohortId, await world.participantIn(world.libraryA));
    for (const meeting of await meetingsOf(cohortId)) {
      await t
        .http()
        .put(`/v1/sessions/${meeting.id}/attendance`)
        .send({ records: [{ enrolmentId, status: 'present' }] })
        .expect(200);
    }
    const coordinator = await t.tokenFor('coordinator', { organisationId: world.libraryA });
    const me = (await t.http(coordinator).get('/v1/me')).body;
    expectProblem(await byHand(enrolmentId, coordinator, { reason: '   ' }), 422, 'validation');
    expect((await enrolment(enrolmentId)).status).not.toBe('completed');

    const recorded = await byHand(enrolmentId, coordinator);
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    expect(recorded.body.status).toBe('completed');
    expect(recorded.body.progress[0]).toMatchObject({
      status: 'completed',
      recordedByHand: {
        byName: me.name,
        at: expect.any(String),
        reason: 'Module afgerond bij de vorige werkgever',
      },
    });
    const log = await t.http().get(`/v1/audit-events?resourceId=${enrolmentId}`);
    expect(log.body.data.map((e: { action: string }) => e.action)).toContain('progress.recorded_by_hand');
  });

  it('is refused to participants, facilitators and those outside the scope', async () => {
    const cohortId = await world.cohortIn(world.libraryA, 'running');
    const participantId = await world.participantIn(world.libraryA);
    const enrolmentId = await world.enrol(cohortId, participantId);
    const self = await t.tokenFor('participant', { participantId });
    expectProblem(await byHand(enrolmentId, self), 403, 'forbidden');
    const facilitator = await t.tokenFor('facilitator', { organisationId: world.libraryA });
    expect((await byHand(enrolmentId, facilitator)).status).toBe(403);
    const elsewhere = await t.tokenFor('coordinator', { organisationId: world.libraryB });
    expect((await byHand(enrolmentId, elsewhere)).status).toBe(404);
    expect((await enrolment(enrolmentId)).progress[0].recordedByHand).toBeNull();
  });
});
