import { organisations } from '@loket/db';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem, walkAll } from '../support/expectations';
import { auditTrail } from '../support/records';

let t: TestApp;
const ids = {} as Record<'kb' | 'cubiss' | 'probiblio' | 'hilversum' | 'helmond' | 'deurne' | 'markiezaat', string>;

async function create(body: Record<string, unknown>) {
  const response = await t.http().post('/v1/organisations').send(body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; version: number; name: string };
}

const organisationCount = async () => (await t.database.connection.db.select({ n: count() }).from(organisations))[0]?.n;

beforeAll(async () => {
  t = await startTestApp({ content: false });
  ids.kb = (await create({ kind: 'national', name: 'Koninklijke Bibliotheek', shortName: 'KB', city: 'Den Haag' })).id;
  ids.cubiss = (await create({ kind: 'poi', parentId: ids.kb, name: 'Cubiss', province: 'Noord-Brabant' })).id;
  ids.probiblio = (await create({ kind: 'poi', parentId: ids.kb, name: 'ProBiblio', province: 'Noord-Holland' })).id;
  ids.hilversum = (
    await create({ kind: 'library', parentId: ids.probiblio, name: 'Bibliotheek Hilversum', city: 'Hilversum' })
  ).id;
  ids.helmond = (
    await create({ kind: 'library', parentId: ids.cubiss, name: 'Bibliotheek Helmond-Peel', city: 'Helmond' })
  ).id;
  ids.deurne = (await create({ kind: 'branch', parentId: ids.helmond, name: 'Vestiging Deurne', city: 'Deurne' })).id;
  for (let i = 0; i < 23; i++) {
    await create({
      kind: 'branch',
      parentId: ids.hilversum,
      name: `Vestiging ${String.fromCharCode(65 + (i % 5))}${i}`,
    });
  }
});

afterAll(async () => {
  await t.close();
});

describe('POST /v1/organisations', () => {
  it('creates an organisation, answers with its location and ETag, and audits it', async () => {
    const response = await t.http().post('/v1/organisations').send({
      kind: 'library',
      parentId: ids.cubiss,
      name: 'Bibliotheek Het Markiezaat',
      email: 'info@markiezaat.example',
    });
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(`/v1/organisations/${response.body.id}`);
    expect(response.headers.etag).toBe('"1"');
    expect(response.body).toMatchObject({
      kind: 'library',
      parentId: ids.cubiss,
      name: 'Bibliotheek Het Markiezaat',
      version: 1,
    });
    expect(response.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);

    const [row] = await t.database.connection.db
      .select()
      .from(organisations)
      .where(eq(organisations.id, response.body.id));
    expect(row?.path).toBe(`/${ids.kb}/${ids.cubiss}/${response.body.id}/`);
    const events = await auditTrail(t, response.body.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'organisation.created', resourceType: 'organisation' });
    ids.markiezaat = response.body.id;
  });

  it.each([
    ['a missing name', { kind: 'poi' }, '/name'],
    ['an unknown field', { kind: 'poi', name: 'X', colour: 'red' }, '/colour'],
    ['a wrong type', { kind: 'poi', name: 42 }, '/name'],
    ['an unknown kind', { kind: 'school', name: 'X' }, '/kind'],
    ['an invalid email', { kind: 'poi', name: 'X', email: 'not-an-email' }, '/email'],
    ['an invalid parent id', { kind: 'library', name: 'X', parentId: 'abc' }, '/parentId'],
    ['an empty name', { kind: 'poi', name: '' }, '/name'],
  ])('refuses %s with 422 naming the field, and stores nothing', async (_case, body, path) => {
    const before = await organisationCount();
    const response = await t.http().post('/v1/organisations').send(body);
    const problem = expectProblem(response, 422, 'validation');
    expect(problem.errors?.map((e) => e.path)).toContain(path);
    expect(await organisationCount()).toBe(before);
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await t
      .http()
      .post('/v1/organisations')
      .set('content-type', 'application/json')
      .send('{"kind": "poi",');
    expectProblem(response, 400);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await t.http().post('/v1/organisations').set('content-type', 'text/plain').send('kind=poi');
    expectProblem(response, 415);
  });

  it('refuses an oversized body with 413', async () => {
    const response = await t
      .http()
      .post('/v1/organisations')
      .send({ kind: 'poi', name: 'x'.repeat(1_100_000) });
    expectProblem(response, 413);
  });

  it('refuses a library without a POI above it, and a branch under a POI', async () => {
    expectProblem(await t.http().post('/v1/organisations').send({ kind: 'library', name: 'Wees' }), 422);
    const branch = await t.http().post('/v1/organisations').send({ kind: 'branch', parentId: ids.cubiss, name: 'X' });
    const problem = expectProblem(branch, 422);
    expect(problem.detail).toMatch(/branch must have a library/);
  });

  it('refuses a parent that does not exist', async () => {
    const response = await t
      .http()
      .post('/v1/organisations')
      .send({ kind: 'library', parentId: '01936000-0000-7000-8000-000000000000', name: 'X' });
    expect(expectProblem(response, 422).errors?.[0]?.path).toBe('/parentId');
  });

  it('replays the first answer for a retried Idempotency-Key and creates nothing new', async () => {
    const body = { kind: 'poi', parentId: ids.kb, name: 'Rijnbrink' };
    const first = await t.http().post('/v1/organisations').set('idempotency-key', 'retry-1').send(body);
    const before = await organisationCount();
    const second = await t.http().post('/v1/organisations').set('idempotency-key', 'retry-1').send(body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await organisationCount()).toBe(before);
  });

  it('creates exactly one record for concurrent requests with the same key', async () => {
    const before = await organisationCount();
    const body = { kind: 'poi', parentId: ids.kb, name: 'Biblionet Drenthe' };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => t.http().post('/v1/organisations').set('idempotency-key', 'burst-1').send(body)),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await organisationCount()).toBe((before ?? 0) + 1);
  });

  it('refuses a reused key with a different body', async () => {
    await t.http().post('/v1/organisations').set('idempotency-key', 'reuse-1').send({ kind: 'poi', name: 'Fers' });
    const response = await t
      .http()
      .post('/v1/organisations')
      .set('idempotency-key', 'reuse-1')
      .send({ kind: 'poi', name: 'BiSC' });
    expectProblem(response, 422, 'idempotency-key-reused');
  });
});

describe('GET /v1/organisations/:id', () => {
  it('answers the organisation with its ETag', async () => {
    const response = await t.http().get(`/v1/organisations/${ids.hilversum}`);
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe(`"${response.body.version}"`);
    expect(response.body).toMatchObject({ id: ids.hilversum, name: 'Bibliotheek Hilversum', kind: 'library' });
    expect(response.body).not.toHaveProperty('path');
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expectProblem(await t.http().get('/v1/organisations/01936000-0000-7000-8000-000000000000'), 404, 'not-found');
    const bad = expectProblem(await t.http().get('/v1/organisations/not-a-uuid'), 400, 'validation');
    expect(bad.errors?.[0]?.path).toBe('/params/id');
  });
});

describe('GET /v1/organisations', () => {
  it('filters by kind, parent, subtree and search text', async () => {
    const pois = await t.http().get('/v1/organisations?kind=poi&limit=200');
    expect(pois.body.data.every((o: { kind: string }) => o.kind === 'poi')).toBe(true);
    expect(pois.body.data.map((o: { name: string }) => o.name)).toEqual(
      expect.arrayContaining(['Cubiss', 'ProBiblio']),
    );

    const children = await t.http().get(`/v1/organisations?parentId=${ids.cubiss}`);
    expect(children.body.data.map((o: { name: string }) => o.name).sort()).toEqual([
      'Bibliotheek Helmond-Peel',
      'Bibliotheek Het Markiezaat',
    ]);

    const subtree = await t.http().get(`/v1/organisations?within=${ids.cubiss}&limit=200`);
    expect(subtree.body.data.map((o: { name: string }) => o.name).sort()).toEqual([
      'Bibliotheek Helmond-Peel',
      'Bibliotheek Het Markiezaat',
      'Cubiss',
      'Vestiging Deurne',
    ]);
    expect(subtree.body.page.total).toBe(4);

    const search = await t.http().get('/v1/organisations?q=helmond');
    expect(search.body.data.map((o: { name: string }) => o.name)).toEqual(['Bibliotheek Helmond-Peel']);
    const wildcard = await t.http().get('/v1/organisations?q=%25');
    expect(wildcard.body.page.total).toBe(0);
  });

  it.each(['name', '-name', 'kind', '-kind', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'kind,-name'])(
    'walks every page sorted by %s without gaps or duplicates',
    async (sort) => {
      const all = await t.http().get('/v1/organisations?limit=200');
      const { ids: walked, total } = await walkAll(async (cursor) => {
        const response = await t
          .http()
          .get('/v1/organisations')
          .query({ limit: 4, sort, ...(cursor ? { cursor } : {}) });
        expect(response.status).toBe(200);
        return response.body;
      });
      expect(total).toBe(all.body.page.total);
      expect(new Set(walked)).toEqual(new Set(all.body.data.map((o: { id: string }) => o.id)));
    },
  );

  it('returns pages in the requested order', async () => {
    const response = await t.http().get('/v1/organisations?sort=-name&limit=200');
    const names = response.body.data.map((o: { name: string }) => o.name);
    expect(names).toEqual([...names].sort().reverse());
  });

  it('pages by offset as well', async () => {
    const first = await t.http().get('/v1/organisations?limit=5&offset=0&sort=name');
    const second = await t.http().get('/v1/organisations?limit=5&offset=5&sort=name');
    const byCursor = await t.http().get(`/v1/organisations?limit=5&sort=name&cursor=${first.body.page.nextCursor}`);
    expect(second.body.data).toEqual(byCursor.body.data);
  });

  it.each([
    ['a limit above 200', 'limit=201'],
    ['a limit of 0', 'limit=0'],
    ['an unknown sort field', 'sort=secret'],
    ['an unknown parameter', 'colour=red'],
    ['a broken cursor', 'cursor=bm9wZQ'],
    ['both cursor and offset', 'cursor=abc&offset=3'],
    ['an invalid kind', 'kind=school'],
    ['an invalid parent id', 'parentId=1'],
  ])('refuses %s with 400', async (_case, query) => {
    expectProblem(await t.http().get(`/v1/organisations?${query}`), 400);
  });

  it('refuses a cursor made for another sort order', async () => {
    const first = await t.http().get('/v1/organisations?limit=2&sort=name');
    expectProblem(
      await t.http().get(`/v1/organisations?limit=2&sort=-name&cursor=${first.body.page.nextCursor}`),
      400,
      'invalid-cursor',
    );
  });
});

describe('PATCH /v1/organisations/:id', () => {
  it('changes the given fields, bumps the version and keeps the rest', async () => {
    const current = await t.http().get(`/v1/organisations/${ids.hilversum}`);
    const response = await t
      .http()
      .patch(`/v1/organisations/${ids.hilversum}`)
      .set('if-match', String(current.headers.etag))
      .send({ website: 'https://www.hilversum.example', city: null });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      website: 'https://www.hilversum.example',
      city: null,
      name: 'Bibliotheek Hilversum',
    });
    expect(response.body.version).toBe(current.body.version + 1);
    expect(response.headers.etag).toBe(`"${current.body.version + 1}"`);
  });

  it('answers 412 on a stale If-Match and changes nothing', async () => {
    const current = await t.http().get(`/v1/organisations/${ids.hilversum}`);
    const response = await t
      .http()
      .patch(`/v1/organisations/${ids.hilversum}`)
      .set('if-match', `"${current.body.version - 1}"`)
      .send({ name: 'Overschreven' });
    expectProblem(response, 412, 'stale-version');
    const after = await t.http().get(`/v1/organisations/${ids.hilversum}`);
    expect(after.body).toEqual(current.body);
  });

  it('moves a library with its branches to another POI', async () => {
    const response = await t.http().patch(`/v1/organisations/${ids.helmond}`).send({ parentId: ids.probiblio });
    expect(response.status).toBe(200);
    const subtree = await t.http().get(`/v1/organisations?within=${ids.probiblio}&limit=200`);
    expect(subtree.body.data.map((o: { id: string }) => o.id)).toEqual(
      expect.arrayContaining([ids.helmond, ids.deurne]),
    );
    const [deurne] = await t.database.connection.db
      .select()
      .from(organisations)
      .where(eq(organisations.id, ids.deurne));
    expect(deurne?.path).toBe(`/${ids.kb}/${ids.probiblio}/${ids.helmond}/${ids.deurne}/`);
    await t.http().patch(`/v1/organisations/${ids.helmond}`).send({ parentId: ids.cubiss }).expect(200);
  });

  it('refuses to move an organisation under its own branch', async () => {
    const response = await t.http().patch(`/v1/organisations/${ids.cubiss}`).send({ parentId: ids.deurne });
    expectProblem(response, 422);
  });

  it('refuses the kind, unknown fields and 404s', async () => {
    expectProblem(await t.http().patch(`/v1/organisations/${ids.hilversum}`).send({ kind: 'poi' }), 422);
    expectProblem(await t.http().patch(`/v1/organisations/${ids.hilversum}`).send({ name: null }), 422);
    expectProblem(
      await t.http().patch('/v1/organisations/01936000-0000-7000-8000-000000000000').send({ name: 'X' }),
      404,
    );
  });
});

describe('DELETE /v1/organisations/:id', () => {
  it('refuses to delete an organisation that still has dependants, saying why', async () => {
    const response = await t.http().delete(`/v1/organisations/${ids.helmond}`);
    const problem = expectProblem(response, 409, 'organisation-has-dependants');
    expect(problem.detail).toMatch(/1 children/);
    // The counts as values, for a client to say in its own language.
    expect(problem.code).toBe('organisation-has-dependants');
    expect(problem.params).toEqual({ children: 1 });
    await t.http().get(`/v1/organisations/${ids.helmond}`).expect(200);
  });

  it('answers 412 on a stale If-Match', async () => {
    expectProblem(await t.http().delete(`/v1/organisations/${ids.deurne}`).set('if-match', '"99"'), 412);
  });

  it('deletes a leaf and audits it', async () => {
    const response = await t.http().delete(`/v1/organisations/${ids.deurne}`).set('if-match', '"1"');
    expect(response.status).toBe(204);
    expectProblem(await t.http().get(`/v1/organisations/${ids.deurne}`), 404);
    const events = await auditTrail(t, ids.deurne);
    expect(events.map((e) => e.action)).toEqual(['organisation.created', 'organisation.deleted']);
  });
});

describe('validation messages', () => {
  it('explain what is wrong with a nullable field instead of naming the schema', async () => {
    const response = await t.http().post('/v1/organisations').send({ kind: 'poi', name: 'X', phone: 'bel me' });
    const problem = expectProblem(response, 422, 'validation');
    expect(problem.errors).toEqual([
      {
        path: '/phone',
        message: 'must match pattern "^[+0-9 ()-]{6,20}$"',
        code: 'pattern',
        params: { pattern: '^[+0-9 ()-]{6,20}$' },
      },
    ]);
  });
});
