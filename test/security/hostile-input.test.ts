import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';

/**
 * Injection strings in every filter and sort parameter of every list, as an adviser of one
 * province: a problem or an ordinary list, never a 5xx, never a record of the other province.
 */
const document = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>>;
};
const lists = Object.entries(document.paths)
  .filter(([path, methods]) => path.startsWith('/v1/') && !path.includes('{') && methods.get)
  .map(([path, methods]) => ({
    path,
    query: (methods.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
  }))
  .filter((list) => list.query.length > 0);

const injections = [
  "' OR 1=1 --",
  "' OR '1'='1",
  '1; drop table participants; --',
  "') union select id, name from organisations --",
  '%00',
  'a\u0000b',
  '../../etc/passwd',
  '*',
  '%',
  '_',
  '\\',
  'name,name,name,name,name',
  '-name; select 1',
  'familyName desc, (select 1)',
  '{"$ne":null}',
  'x'.repeat(5000),
];

let t: TestApp;
let adviser = '';
const foreign: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  const post = async (url: string, body: object) => {
    const response = await t.http().post(url).send(body);
    expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
    return response.body.id as string;
  };
  const poiA = await post('/v1/organisations', { kind: 'poi', name: 'Cubiss', parentId: t.kb.id });
  const a1 = await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Helmond-Peel', parentId: poiA });
  const poiB = await post('/v1/organisations', { kind: 'poi', name: 'ProBiblio', parentId: t.kb.id });
  const b1 = await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Hilversum', parentId: poiB });
  for (const [library, name] of [
    [a1, 'Helmond'],
    [b1, 'Geheim'],
  ] as const) {
    const participant = await post('/v1/participants', {
      organisationId: library,
      givenName: 'Anna',
      familyName: name,
      email: `anna.${name.toLowerCase()}@hostile.example`,
    });
    const cohort = await post('/v1/cohorts', {
      organisationId: library,
      phase: 'rollout',
      startsOn: '2019-03-04',
      endsOn: '2019-06-03',
    });
    const enrolment = await post('/v1/enrolments', { cohortId: cohort, participantId: participant });
    if (library === b1) foreign.push(poiB, b1, participant, cohort, enrolment);
  }
  adviser = await t.tokenFor('adviser', { organisationId: poiA });
}, 180_000);

afterAll(async () => {
  await t.close();
});

describe('injection strings in the filters and sort of every list', () => {
  it('finds lists with parameters to attack', () => {
    expect(lists.length).toBeGreaterThan(10);
  });

  for (const list of lists) {
    it(`${list.path} (${list.query.join(', ')})`, async () => {
      for (const name of list.query) {
        for (const value of injections) {
          const response = await t
            .http(adviser)
            .get(list.path)
            .query({ [name]: value });
          const where = `${list.path}?${name}=${value.slice(0, 40)} → ${response.status} ${response.text.slice(0, 300)}`;
          expect(response.status, where).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.status, where).not.toBe(404);
            expectProblem(response, response.status);
          } else if (response.headers['content-type']?.startsWith('application/json')) {
            // Whatever matched, nothing of the other province comes back.
            for (const id of foreign) expect(response.text, where).not.toContain(id);
            expect(response.text, where).not.toMatch(/Hilversum|ProBiblio|Geheim/);
          } else {
            expect(response.text, where).not.toMatch(/Hilversum|ProBiblio|Geheim/);
          }
        }
      }
    });
  }
});

describe('oversized and malformed bodies', () => {
  it('refuses a body over the limit with 413 and changes nothing', async () => {
    const before = (await t.http().get('/v1/participants?limit=1')).body.page.total;
    const response = await t
      .http()
      .post('/v1/participants')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ givenName: 'x'.repeat(1_100_000) }));
    expectProblem(response, 413);
    expect((await t.http().get('/v1/participants?limit=1')).body.page.total).toBe(before);
  });

  it('refuses deeply nested JSON with a 4xx problem', async () => {
    for (const depth of [1_000, 100_000]) {
      const nested = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const response = await t.http().post('/v1/participants').set('content-type', 'application/json').send(nested);
      expect(response.status, response.text.slice(0, 200)).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expectProblem(response, response.status);
      const arrays = `{"participantIds":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const list = await t.http().post('/v1/enrolments/batch').set('content-type', 'application/json').send(arrays);
      expect(list.status).toBeLessThan(500);
    }
  });

  it('refuses prototype pollution and broken JSON with a 400 problem', async () => {
    for (const body of ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '{"a":', '\u0000']) {
      const response = await t.http().post('/v1/organisations').set('content-type', 'application/json').send(body);
      expect(response.status, response.text).toBeGreaterThanOrEqual(400);
      expect(response.status, response.text).toBeLessThan(500);
      expectProblem(response, response.status);
    }
  });

  it('stores no NUL characters and answers a problem for them', async () => {
    const organisation = (await t.http().get('/v1/organisations?kind=library&limit=1')).body.data[0].id;
    const response = await t
      .http()
      .post('/v1/participants')
      .send({ organisationId: organisation, givenName: 'a\u0000b', familyName: 'Nul', email: 'nul@hostile.example' });
    expect(response.status, response.text).toBeGreaterThanOrEqual(400);
    expect(response.status, response.text).toBeLessThan(500);
    expectProblem(response, response.status);
  });
});

describe('routes outside /v1', () => {
  it('are public health checks, the issuer\u2019s public DID document, or guarded like /metrics', async () => {
    const others = Object.keys(document.paths).filter((path) => !path.startsWith('/v1/'));
    expect(others.sort()).toEqual(['/.well-known/did.json', '/health/live', '/health/ready', '/metrics']);
    expectProblem(await t.http(null).get('/metrics'), 401);
    expect((await t.http(null).get('/health/live')).status).toBe(200);
    const did = await t.http(null).get('/.well-known/did.json');
    expect(did.status).toBe(200);
    expect(JSON.stringify(did.body)).not.toMatch(/secret/i);
  });
});
