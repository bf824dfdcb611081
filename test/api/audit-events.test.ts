import { auditEvents } from '@loket/db';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';

let t: TestApp;
const ids = {} as Record<'poiA' | 'libraryA' | 'poiB' | 'libraryB', string>;
let adviserA: string;

const eventCount = async () => (await t.database.connection.db.select({ n: count() }).from(auditEvents))[0]?.n ?? 0;

async function create(url: string, body: object) {
  const response = await t.http().post(url).send(body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

beforeAll(async () => {
  t = await startTestApp();
  ids.poiA = await create('/v1/organisations', { kind: 'poi', name: 'Cubiss', parentId: t.kb.id });
  ids.libraryA = await create('/v1/organisations', {
    kind: 'library',
    name: 'Bibliotheek Helmond-Peel',
    parentId: ids.poiA,
  });
  ids.poiB = await create('/v1/organisations', { kind: 'poi', name: 'ProBiblio', parentId: t.kb.id });
  ids.libraryB = await create('/v1/organisations', {
    kind: 'library',
    name: 'Bibliotheek Hilversum',
    parentId: ids.poiB,
  });
  adviserA = await t.tokenFor('adviser', { organisationId: ids.poiA });
});

afterAll(async () => {
  await t.close();
});

describe('the audit log', () => {
  it('records who changed what, with before and after, for every kind of change', async () => {
    const participant = await create('/v1/participants', {
      organisationId: ids.libraryA,
      givenName: 'Anouk',
      familyName: 'Jansen',
      email: 'anouk.jansen@helmond.example',
    });
    await t.http().patch(`/v1/participants/${participant}`).send({ jobTitle: 'Baliemedewerker' }).expect(200);
    const cohort = await create('/v1/cohorts', {
      organisationId: ids.libraryA,
      phase: 'pilot',
      startsOn: '2018-11-19',
      endsOn: '2019-02-19',
    });
    await create('/v1/enrolments', { cohortId: cohort, participantId: participant });

    const response = await t.http().get(`/v1/audit-events?resourceId=${participant}`);
    expect(response.body.data.map((e: { action: string }) => e.action)).toEqual([
      'participant.updated',
      'participant.created',
    ]);
    const [updated] = response.body.data;
    expect(updated.before.jobTitle).toBeNull();
    expect(updated.after.jobTitle).toBe('Baliemedewerker');
    expect(updated.actorType).toBe('user');
    const me = (await t.http().get('/v1/me')).body;
    expect(updated).toMatchObject({ actorId: me.id, actorName: me.name });
    expect(updated.requestId).toEqual(expect.any(String));
    const actions = (await t.http().get('/v1/audit-events?limit=200')).body.data.map(
      (e: { action: string }) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['organisation.created', 'cohort.created', 'enrolment.created']));
  });

  it('names an API client that made a change', async () => {
    const created = await t
      .http()
      .post('/v1/api-clients')
      .send({ name: 'HR-koppeling Helmond', scopes: ['write:participants'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const token = await t.http(null).post('/v1/auth/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: created.body.clientId,
      client_secret: created.body.clientSecret,
    });
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    const participant = await t.http(token.body.access_token).post('/v1/participants').send({
      organisationId: ids.libraryA,
      givenName: 'Sem',
      familyName: 'de Vries',
      email: 'sem.de.vries@helmond.example',
    });
    expect(participant.status, JSON.stringify(participant.body)).toBe(201);
    const [event] = (await t.http().get(`/v1/audit-events?resourceId=${participant.body.id}`)).body.data;
    expect(event).toMatchObject({ actorType: 'client', actorName: 'HR-koppeling Helmond' });
  });

  it('records nothing for a rejected change', async () => {
    const before = await eventCount();
    expectProblem(await t.http().post('/v1/participants').send({ organisationId: ids.libraryA, givenName: 'X' }), 422);
    expectProblem(
      await t.http().post('/v1/organisations').send({ kind: 'branch', name: 'X', parentId: ids.poiA }),
      422,
    );
    expectProblem(
      await t.http().patch(`/v1/organisations/${ids.libraryA}`).set('if-match', '"99"').send({ city: 'X' }),
      412,
    );
    expectProblem(await t.http().delete(`/v1/organisations/${ids.poiA}`), 409);
    expectProblem(
      await t.http(adviserA).post('/v1/organisations').send({ kind: 'poi', name: 'X', parentId: t.kb.id }),
      403,
    );
    expect(await eventCount()).toBe(before);
  });

  it('filters by resource type, actor and time', async () => {
    const cohorts = await t.http().get('/v1/audit-events?resourceType=cohort');
    expect(cohorts.body.data.every((e: { resourceType: string }) => e.resourceType === 'cohort')).toBe(true);
    expect(cohorts.body.page.total).toBeGreaterThan(0);
    const me = (await t.http().get('/v1/me')).body.id;
    const mine = await t.http().get(`/v1/audit-events?actorId=${me}&limit=200`);
    expect(mine.body.page.total).toBeGreaterThan(0);
    expect(mine.body.data.every((e: { actorId: string }) => e.actorId === me)).toBe(true);
    const future = await t.http().get('/v1/audit-events').query({ from: '2100-01-01T00:00:00Z' });
    expect(future.body.page.total).toBe(0);
    expectProblem(await t.http().get('/v1/audit-events?from=yesterday'), 400);
  });

  it('shows an adviser the changes in their province only', async () => {
    await t.http().patch(`/v1/organisations/${ids.libraryB}`).send({ city: 'Hilversum' }).expect(200);
    const seen = await t.http(adviserA).get('/v1/audit-events?limit=200');
    expect(seen.status).toBe(200);
    const resources = seen.body.data.map((e: { resourceId: string }) => e.resourceId);
    expect(resources).not.toContain(ids.libraryB);
    expect(resources).not.toContain(ids.poiB);
    expect(resources).toContain(ids.libraryA);
    const coordinator = await t.tokenFor('coordinator', { organisationId: ids.libraryA });
    expectProblem(await t.http(coordinator).get('/v1/audit-events'), 403);
  });
});
