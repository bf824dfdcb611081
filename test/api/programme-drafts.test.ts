import { auditEvents } from '@loket/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { created } from '../support/records';

let t: TestApp;
let programmeId: string;
let published: string;
let library: string;

const draftsUrl = () => `/v1/programmes/${programmeId}/versions`;

/** Four of the six modules, and three of the four meetings content/meetings.md defines, re-ordered. */
const choices = () => ({
  basedOnVersionId: published,
  moduleCodes: ['boekstart', 'landelijke-context', 'nieuwe-klanten', 'digitaalhuis'],
  meetingPlan: [
    { sequence: 1, weekOffset: 0, durationMinutes: 90 },
    { sequence: 4, weekOffset: 6, durationMinutes: 60 },
    { sequence: 2, weekOffset: 9, durationMinutes: 120 },
  ],
});

beforeAll(async () => {
  t = await startTestApp();
  const poi = await created(t, '/v1/organisations', { kind: 'poi', name: 'Cubiss', parentId: t.kb.id });
  library = (
    await created(t, '/v1/organisations', { kind: 'library', name: 'Bibliotheek Helmond-Peel', parentId: poi.id })
  ).id;
  const list = await t.http().get('/v1/programmes');
  programmeId = list.body.data[0].id;
  published = list.body.data[0].currentVersionId;
});

afterAll(async () => {
  await t.close();
});

describe('POST /v1/programmes/{id}/versions', () => {
  let draftId: string;

  it('drafts a version with the chosen modules in programme order and the chosen meetings as written', async () => {
    const response = await t.http().post(draftsUrl()).set('idempotency-key', 'draft-1').send(choices());
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      programmeId,
      number: 2,
      status: 'draft',
      publishedAt: null,
      moduleCodes: ['landelijke-context', 'nieuwe-klanten', 'digitaalhuis', 'boekstart'],
    });
    const plan = response.body.meetingPlan as Array<Record<string, unknown>>;
    expect(plan.map((m) => [m.sequence, m.title, m.weekOffset, m.durationMinutes])).toEqual([
      [1, 'Kick-off', 0, 90],
      [4, 'Slotbijeenkomst', 6, 60],
      [2, 'Teambijeenkomst 1', 9, 120],
    ]);
    // The agenda is the programme's text, not something the request could change.
    expect(plan[1]?.agenda).toContain('Terugblik op de leervragen van de kick-off');
    draftId = response.body.id;

    const programme = (await t.http().get(`/v1/programmes/${programmeId}`)).body;
    expect(programme.currentVersionId).toBe(published);
    expect(programme.versions.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
      [2, 'draft'],
      [1, 'published'],
    ]);
    const audited = await t.database.connection.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'programme_version.drafted'), eq(auditEvents.resourceId, draftId)));
    expect(audited).toHaveLength(1);
  });

  it('answers the same draft to a retry, with the key or without, and audits it once', async () => {
    const replay = await t.http().post(draftsUrl()).set('idempotency-key', 'draft-1').send(choices());
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(draftId);

    const again = await t.http().post(draftsUrl()).send(choices());
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body).toMatchObject({ id: draftId, number: 2, status: 'draft' });
    const programme = (await t.http().get(`/v1/programmes/${programmeId}`)).body;
    expect(programme.versions).toHaveLength(2);
    const audited = await t.database.connection.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'programme_version.drafted'));
    expect(audited).toHaveLength(1);
  });

  it('takes the summary KB staff write, else the base version\u2019s', async () => {
    const base = (await t.http().get(`/v1/programmes/${programmeId}`)).body.versions[1].summary;
    expect(base.length).toBeGreaterThan(0);
    const written = await t
      .http()
      .post(draftsUrl())
      .send({ ...choices(), moduleCodes: ['boekstart'], summary: 'Alleen BoekStart' });
    expect(written.status, JSON.stringify(written.body)).toBe(201);
    expect(written.body).toMatchObject({ number: 3, summary: 'Alleen BoekStart', moduleCodes: ['boekstart'] });
    expect((await t.http().get(`/v1/programmes/${programmeId}`)).body.versions[1].summary).toBe(base);
  });

  it('is for KB staff only', async () => {
    for (const role of ['adviser', 'coordinator', 'facilitator'] as const) {
      const token = await t.tokenFor(role, { organisationId: library });
      expectProblem(await t.http(token).post(draftsUrl()).send(choices()), 403);
    }
    expect((await t.http().get(`/v1/programmes/${programmeId}`)).body.versions).toHaveLength(3);
  });

  it('refuses modules the base version lacks, meetings the programme does not define, and empty choices', async () => {
    const unknownModule = await t
      .http()
      .post(draftsUrl())
      .send({ ...choices(), moduleCodes: ['boekstart', 'breien'] });
    expectProblem(unknownModule, 422, 'validation');
    expect(unknownModule.body).toMatchObject({ code: 'module-unknown', params: { modules: ['breien'] } });

    const unknownMeeting = await t
      .http()
      .post(draftsUrl())
      .send({ ...choices(), meetingPlan: [{ sequence: 9, weekOffset: 1, durationMinutes: 60 }] });
    expectProblem(unknownMeeting, 422, 'validation');
    expect(unknownMeeting.body).toMatchObject({ code: 'meeting-unknown', params: { sequence: 9 } });

    const twice = await t
      .http()
      .post(draftsUrl())
      .send({
        ...choices(),
        meetingPlan: [
          { sequence: 1, weekOffset: 0, durationMinutes: 60 },
          { sequence: 1, weekOffset: 2, durationMinutes: 60 },
        ],
      });
    expectProblem(twice, 422, 'validation');
    expect(twice.body).toMatchObject({ code: 'meeting-twice', params: { sequence: 1 } });

    expectProblem(
      await t
        .http()
        .post(draftsUrl())
        .send({ ...choices(), moduleCodes: [] }),
      422,
    );
    expect((await t.http().get(`/v1/programmes/${programmeId}`)).body.versions).toHaveLength(3);
  });

  it('answers 404 for an unknown programme or base version', async () => {
    const unknown = '0190a7f4-5c1e-7d3a-9b2f-4e6c8a1d2b3c';
    expectProblem(await t.http().post(`/v1/programmes/${unknown}/versions`).send(choices()), 404);
    expectProblem(
      await t
        .http()
        .post(draftsUrl())
        .send({ ...choices(), basedOnVersionId: unknown }),
      404,
    );
  });

  it('once published, new cohorts start on it: its modules, and meetings on its plan', async () => {
    const before = (await t.http().get(`/v1/programmes/${programmeId}`)).body;
    const publish = await t
      .http()
      .post(`/v1/programmes/${programmeId}/versions/${draftId}/publish`)
      .set('if-match', `"${before.version}"`);
    expect(publish.status, JSON.stringify(publish.body)).toBe(200);
    expect(publish.body.currentVersionId).toBe(draftId);

    const cohort = await t.http().post('/v1/cohorts').send({
      organisationId: library,
      phase: 'rollout',
      startsOn: '2027-03-01',
      endsOn: '2027-06-30',
    });
    expect(cohort.status, JSON.stringify(cohort.body)).toBe(201);
    expect(cohort.body.programmeVersionId).toBe(draftId);
    expect(cohort.body.modules.map((m: { code: string }) => m.code)).toEqual([
      'landelijke-context',
      'nieuwe-klanten',
      'digitaalhuis',
      'boekstart',
    ]);
    const sessions = (await t.http().get(`/v1/sessions?cohortId=${cohort.body.id}&sort=startsAt`)).body.data as Array<{
      title: string;
      startsAt: string;
      endsAt: string;
    }>;
    expect(
      sessions.map((s) => [s.title, s.startsAt.slice(0, 10), (Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60_000]),
    ).toEqual([
      ['Kick-off', '2027-03-01', 90],
      ['Slotbijeenkomst', '2027-04-12', 60],
      ['Teambijeenkomst 1', '2027-05-03', 120],
    ]);
  });
});
