import { cohorts, enrolments, participants } from '@loket/db';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem, walkAll } from '../support/expectations';
import { auditTrail, created } from '../support/records';

let t: TestApp;
const org = {} as Record<'kb' | 'poi' | 'hilversum' | 'helmond' | 'deurne', string>;

const participantCount = async () => (await t.database.connection.db.select({ n: count() }).from(participants))[0]?.n;

const people = [
  ['Anouk', null, 'Jansen'],
  ['Fatima', null, 'El Idrissi'],
  ['Sanne', 'de', 'Vries'],
  ['Kevin', 'van der', 'Meer'],
  ['Mirjam', null, 'Bakker'],
  ['Priya', null, 'Ramdin'],
  ['Joost', 'van', 'Dijk'],
  ['Ilse', null, 'Smit'],
  ['Yusuf', null, 'Demir'],
  ['Lotte', 'de', 'Boer'],
  ['Esra', null, 'Yilmaz'],
  ['Marieke', 'van den', 'Berg'],
] as const;

beforeAll(async () => {
  t = await startTestApp();
  org.kb = (await created(t, '/v1/organisations', { kind: 'national', name: 'Koninklijke Bibliotheek' })).id;
  org.poi = (await created(t, '/v1/organisations', { kind: 'poi', name: 'Cubiss', parentId: org.kb })).id;
  org.hilversum = (
    await created(t, '/v1/organisations', { kind: 'library', name: 'Bibliotheek Hilversum', parentId: org.poi })
  ).id;
  org.helmond = (
    await created(t, '/v1/organisations', { kind: 'library', name: 'Bibliotheek Helmond-Peel', parentId: org.poi })
  ).id;
  org.deurne = (
    await created(t, '/v1/organisations', { kind: 'branch', name: 'Vestiging Deurne', parentId: org.helmond })
  ).id;
  for (const [i, [givenName, nameInfix, familyName]] of people.entries()) {
    await created(t, '/v1/participants', {
      organisationId: i % 3 === 0 ? org.hilversum : i % 3 === 1 ? org.helmond : org.deurne,
      givenName,
      nameInfix,
      familyName,
      email: `${givenName.toLowerCase()}.${familyName.toLowerCase().replace(/\s/g, '')}@bieb.example`,
      jobTitle: 'Medewerker publieksservice',
    });
  }
});

afterAll(async () => {
  await t.close();
});

describe('POST /v1/participants', () => {
  it('creates a participant and audits it under their library', async () => {
    const response = await t.http().post('/v1/participants').send({
      organisationId: org.deurne,
      givenName: 'Noor',
      familyName: 'Hendriks',
      email: 'noor.hendriks@bieb.example',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ givenName: 'Noor', nameInfix: null, jobTitle: null, version: 1 });
    const [event] = await auditTrail(t, response.body.id);
    expect(event?.action).toBe('participant.created');
    expect(event?.organisationPath).toContain(org.deurne);
  });

  it('refuses a second participant with the same email, whatever its case', async () => {
    const before = await participantCount();
    const response = await t.http().post('/v1/participants').send({
      organisationId: org.hilversum,
      givenName: 'Anouk',
      familyName: 'Jansen',
      email: 'ANOUK.JANSEN@bieb.example',
    });
    expectProblem(response, 409, 'email-taken');
    expect(await participantCount()).toBe(before);
  });

  it('refuses a participant at a POI or an unknown organisation', async () => {
    const atPoi = await t
      .http()
      .post('/v1/participants')
      .send({ organisationId: org.poi, givenName: 'A', familyName: 'B', email: 'a.b@bieb.example' });
    expect(expectProblem(atPoi, 422).errors?.[0]?.path).toBe('/organisationId');
    const unknown = await t.http().post('/v1/participants').send({
      organisationId: '01936000-0000-7000-8000-000000000000',
      givenName: 'A',
      familyName: 'B',
      email: 'a.b@bieb.example',
    });
    expectProblem(unknown, 422);
  });

  it.each([
    ['no email', { givenName: 'A', familyName: 'B' }, '/email'],
    ['a bad email', { givenName: 'A', familyName: 'B', email: 'a@' }, '/email'],
    ['an unknown field', { givenName: 'A', familyName: 'B', email: 'x@bieb.example', bsn: '123' }, '/bsn'],
    ['a number for a name', { givenName: 1, familyName: 'B', email: 'x@bieb.example' }, '/givenName'],
  ])('refuses %s with 422 and stores nothing', async (_case, body, path) => {
    const before = await participantCount();
    const response = await t
      .http()
      .post('/v1/participants')
      .send({ organisationId: org.hilversum, ...body });
    expect(expectProblem(response, 422, 'validation').errors?.map((e) => e.path)).toContain(path);
    expect(await participantCount()).toBe(before);
  });

  it('replays a retried Idempotency-Key', async () => {
    const body = {
      organisationId: org.hilversum,
      givenName: 'Daan',
      familyName: 'Visser',
      email: 'daan.visser@bieb.example',
    };
    const first = await t.http().post('/v1/participants').set('idempotency-key', 'p-1').send(body);
    const second = await t.http().post('/v1/participants').set('idempotency-key', 'p-1').send(body);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    const rows = await t.database.connection.db.select().from(participants).where(eq(participants.email, body.email));
    expect(rows).toHaveLength(1);
  });
});

describe('GET /v1/participants', () => {
  it('sorts by family name by default', async () => {
    const response = await t.http().get('/v1/participants?limit=200');
    const families = response.body.data.map((p: { familyName: string }) => p.familyName);
    expect(families).toEqual([...families].sort());
  });

  it('includes the branches when filtering on a library', async () => {
    const helmond = await t.http().get(`/v1/participants?organisationId=${org.helmond}&limit=200`);
    const deurne = await t.http().get(`/v1/participants?organisationId=${org.deurne}&limit=200`);
    expect(deurne.body.page.total).toBeGreaterThan(0);
    expect(helmond.body.page.total).toBeGreaterThan(deurne.body.page.total);
    const deurneIds = deurne.body.data.map((p: { id: string }) => p.id);
    expect(helmond.body.data.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(deurneIds));
    expect(
      helmond.body.data.every((p: { organisationId: string }) => [org.helmond, org.deurne].includes(p.organisationId)),
    ).toBe(true);
  });

  it('searches by name, full name and email', async () => {
    const byName = await t.http().get('/v1/participants?q=idrissi');
    expect(byName.body.data.map((p: { givenName: string }) => p.givenName)).toEqual(['Fatima']);
    const byFullName = await t.http().get('/v1/participants').query({ q: 'Kevin van der Meer' });
    expect(byFullName.body.data.map((p: { familyName: string }) => p.familyName)).toEqual(['Meer']);
    const byEmail = await t.http().get('/v1/participants?q=esra.yilmaz@');
    expect(byEmail.body.page.total).toBe(1);
  });

  it.each([
    'familyName',
    '-familyName',
    'givenName',
    '-givenName',
    'email',
    '-email',
    'createdAt',
    '-createdAt',
    'updatedAt',
    'familyName,-givenName',
  ])('walks every page sorted by %s without gaps or duplicates', async (sort) => {
    const all = await t.http().get('/v1/participants?limit=200');
    const { ids, total } = await walkAll(async (cursor) => {
      const response = await t
        .http()
        .get('/v1/participants')
        .query({ limit: 3, sort, ...(cursor ? { cursor } : {}) });
      expect(response.status).toBe(200);
      return response.body;
    });
    expect(total).toBe(all.body.page.total);
    expect(new Set(ids)).toEqual(new Set(all.body.data.map((p: { id: string }) => p.id)));
  });

  it('refuses filters of the wrong shape', async () => {
    expectProblem(await t.http().get('/v1/participants?organisationId=hilversum'), 400);
    expectProblem(await t.http().get('/v1/participants?sort=password'), 400);
    expectProblem(await t.http().get('/v1/participants?sort=email,email'), 400, 'invalid-sort');
  });
});

describe('GET, PATCH and DELETE /v1/participants/:id', () => {
  it('reads, changes with If-Match, and refuses a stale version', async () => {
    const list = await t.http().get('/v1/participants?q=Smit');
    const id = list.body.data[0].id as string;
    const current = await t.http().get(`/v1/participants/${id}`);
    expect(current.headers.etag).toBe('"1"');
    const changed = await t
      .http()
      .patch(`/v1/participants/${id}`)
      .set('if-match', '"1"')
      .send({ jobTitle: 'Teamleider publieksservice', organisationId: org.deurne });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      jobTitle: 'Teamleider publieksservice',
      organisationId: org.deurne,
      version: 2,
    });
    expectProblem(await t.http().patch(`/v1/participants/${id}`).set('if-match', '"1"').send({ jobTitle: 'X' }), 412);
    const [row] = await t.database.connection.db.select().from(participants).where(eq(participants.id, id));
    expect(row?.jobTitle).toBe('Teamleider publieksservice');
  });

  it('refuses to take another participant\u2019s email', async () => {
    const list = await t.http().get('/v1/participants?q=Ilse');
    const response = await t
      .http()
      .patch(`/v1/participants/${list.body.data[0].id}`)
      .send({ email: 'anouk.jansen@bieb.example' });
    expectProblem(response, 409, 'email-taken');
  });

  it('refuses to delete someone who was enrolled, and deletes someone who was not', async () => {
    const db = t.database.connection.db;
    const version = await t.http().get('/v1/programmes');
    const [cohort] = await db
      .insert(cohorts)
      .values({
        organisationId: org.hilversum,
        programmeVersionId: version.body.data[0].currentVersionId,
        name: 'Pilot Hilversum',
        phase: 'pilot',
        startsOn: '2018-11-05',
        endsOn: '2019-02-05',
      })
      .returning();
    const enrolled = (await t.http().get('/v1/participants?q=Anouk')).body.data[0];
    await db.insert(enrolments).values({ cohortId: cohort?.id as string, participantId: enrolled.id });
    expectProblem(await t.http().delete(`/v1/participants/${enrolled.id}`), 409, 'participant-has-enrolments');

    const free = (await t.http().get('/v1/participants?q=Yusuf')).body.data[0];
    await t.http().delete(`/v1/participants/${free.id}`).expect(204);
    expectProblem(await t.http().get(`/v1/participants/${free.id}`), 404);
  });
});

describe('incremental sync', () => {
  it('lists only the participants changed since a moment, walked by cursor', async () => {
    const all = await t.http().get('/v1/participants?limit=200');
    const since = new Date(Date.now() + 5).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const changed = all.body.data.slice(0, 2) as Array<{ id: string }>;
    for (const person of changed)
      await t.http().patch(`/v1/participants/${person.id}`).send({ jobTitle: 'Baliemedewerker' }).expect(200);
    const { ids } = await walkAll(async (cursor) => {
      const response = await t
        .http()
        .get('/v1/participants')
        .query({ updatedSince: since, limit: 1, sort: 'updatedAt', ...(cursor ? { cursor } : {}) });
      expect(response.status).toBe(200);
      return response.body;
    });
    expect(new Set(ids)).toEqual(new Set(changed.map((p) => p.id)));
    expectProblem(await t.http().get('/v1/participants?updatedSince=gisteren'), 400);
  });
});
