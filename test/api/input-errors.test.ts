import { readFileSync } from 'node:fs';
import { connect as connectSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';

/**
 * Input the database would refuse (a `urn:uuid:` id, year 0, a date past 9999, a leap second) is
 * refused up front as a 400 or 422 problem that names the field, and never ends the process.
 */
let t: TestApp;
let library = '';
let participant = '';
let cohort = '';
let session = '';
const valid = '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d';
const urn = `urn:uuid:${valid}`;

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  example?: string;
  schema: { type?: string; format?: string; pattern?: string; examples?: string[] };
}
const document = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown }>>;
};
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, spec]) => ({
    method,
    path,
    parameters: spec.parameters ?? [],
    hasBody: spec.requestBody !== undefined,
  })),
);
/** The admin's token and the operation's required headers (xAPI's version), as documented. */
const headersFor = (parameters: Parameter[]) => ({
  authorization: `Bearer ${t.adminToken}`,
  ...Object.fromEntries(
    parameters
      .filter((p) => p.in === 'header' && p.required)
      .map((p) => [p.name, p.example ?? p.schema.examples?.[0] ?? '']),
  ),
});

/** The operation's other required query parameters (xAPI's documents name their activity and agent), as documented. */
const requiredQuery = (parameters: Parameter[], except: Parameter) =>
  parameters
    .filter((p) => p.in === 'query' && p.required && p !== except)
    .map((p) => `&${p.name}=${encodeURIComponent(p.example ?? p.schema.examples?.[0] ?? '')}`)
    .join('');

const post = async (url: string, body: object) => {
  const response = await t.http().post(url).send(body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
};

beforeAll(async () => {
  t = await startTestApp();
  const poi = (await post('/v1/organisations', { kind: 'poi', name: 'Rijnbrink', parentId: t.kb.id })).id;
  library = (await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Deventer', parentId: poi })).id;
  participant = (
    await post('/v1/participants', {
      organisationId: library,
      givenName: 'Joke',
      familyName: 'Invoer',
      email: 'joke.invoer@deventer.example',
    })
  ).id;
  cohort = (
    await post('/v1/cohorts', {
      organisationId: library,
      phase: 'rollout',
      startsOn: '2019-03-04',
      endsOn: '2019-06-03',
    })
  ).id;
  await post('/v1/enrolments', { cohortId: cohort, participantId: participant });
  session = (await t.http().get(`/v1/sessions?cohortId=${cohort}`)).body.data[0].id;
});

afterAll(async () => {
  await t.close();
});

/** The process still answers, and with the right data. */
async function stillServing() {
  const response = await t.http().get(`/v1/participants/${participant}`);
  expect(response.status).toBe(200);
  expect(response.body.familyName).toBe('Invoer');
}

describe('ids with a urn:uuid: prefix', () => {
  it('in a CSV export filter answer 400 and leave the process serving', async () => {
    for (const url of [
      `/v1/exports/participants?organisationId=${urn}`,
      `/v1/exports/enrolments?cohortId=${urn}`,
      `/v1/exports/attendance?cohortId=${urn}`,
    ]) {
      const problem = expectProblem(await t.http().get(url), 400, 'validation');
      expect(problem.errors?.map((e) => e.path)).toEqual([
        expect.stringMatching(/^\/querystring\/(organisation|cohort)Id$/),
      ]);
      await stillServing();
    }
  });

  it('in a path answer 400 with the parameter named', async () => {
    const problem = expectProblem(await t.http().get(`/v1/participants/${urn}`), 400, 'validation');
    expect(problem.errors?.[0]?.path).toBe('/params/id');
  });

  it('in a body answer 422 with the field named, and enrol no one', async () => {
    const problem = expectProblem(
      await t
        .http()
        .post(`/v1/cohorts/${cohort}/enrolments`)
        .send({ participantIds: [`urn:uuid:${participant}`] }),
      422,
      'validation',
    );
    expect(problem.errors?.map((e) => e.path)).toContain('/participantIds/0');
    expect((await t.http().get(`/v1/enrolments?cohortId=${cohort}`)).body.page.total).toBe(1);
  });

  it('are refused in every documented id parameter, as 400 problems naming it', async () => {
    let checked = 0;
    for (const operation of operations) {
      // Path ids are checked first; with a body to send, a query id would wait for that.
      const checkable = operation.parameters.filter(
        (p) => p.schema.format === 'uuid' && (p.in === 'path' || (p.in === 'query' && !operation.hasBody)),
      );
      for (const parameter of checkable) {
        let url = operation.path;
        for (const other of operation.parameters.filter((p) => p.in === 'path')) {
          url = url.replace(`{${other.name}}`, other === parameter ? urn : valid);
        }
        if (parameter.in === 'query')
          url += `?${parameter.name}=${encodeURIComponent(urn)}${requiredQuery(operation.parameters, parameter)}`;
        const response = await t.app.inject({
          method: operation.method.toUpperCase() as 'GET',
          url,
          headers: headersFor(operation.parameters),
        });
        const where = `${operation.method} ${url} → ${response.statusCode} ${response.body.slice(0, 300)}`;
        // What the admin may not do at all (a participant's evaluation) is refused before anything is read.
        if (response.statusCode === 403) continue;
        expect(response.statusCode, where).toBe(400);
        expect(response.headers['content-type'], where).toMatch(/^application\/problem\+json/);
        expect(
          response.json().errors?.map((e: { path: string }) => e.path),
          where,
        ).toContain(parameter.in === 'path' ? `/params/${parameter.name}` : `/querystring/${parameter.name}`);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});

describe('dates and times the database cannot hold', () => {
  it('refuses year 0 and leap seconds in updatedSince as 400 naming the parameter', async () => {
    for (const value of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '2016-12-31T23:59:60Z']) {
      const problem = expectProblem(
        await t.http().get('/v1/participants').query({ updatedSince: value }),
        400,
        'validation',
      );
      expect(problem.errors?.[0]?.path, value).toBe('/querystring/updatedSince');
    }
  });

  it('takes the first and the last moment the database holds', async () => {
    for (const value of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z']) {
      const response = await t.http().get('/v1/participants').query({ updatedSince: value });
      expect(response.status, value).toBe(200);
    }
    const everyone = await t.http().get('/v1/participants').query({ updatedSince: '0001-01-01T00:00:00Z' });
    expect(everyone.body.data.map((p: { id: string }) => p.id)).toContain(participant);
  });

  it('refuses a moment past 9999 in UTC as 400', async () => {
    const problem = expectProblem(
      await t.http().get('/v1/sessions').query({ from: '9999-12-31T23:00:00-05:00' }),
      400,
      'validation',
    );
    expect(problem.errors?.[0]?.path).toBe('/querystring/from');
  });

  it('refuses year 0 in every documented date and date-time query parameter', async () => {
    let checked = 0;
    for (const operation of operations.filter((o) => o.method === 'get' && !o.path.includes('{'))) {
      for (const parameter of operation.parameters.filter(
        (p) => p.in === 'query' && (p.schema.format === 'date' || p.schema.format === 'date-time'),
      )) {
        for (const [value, status] of [
          [parameter.schema.format === 'date' ? '0000-01-01' : '0000-01-01T00:00:00Z', 400],
          [parameter.schema.format === 'date' ? '9999-12-31' : '9999-12-31T23:59:59Z', 200],
          [parameter.schema.format === 'date' ? '0001-01-01' : '0001-01-01T00:00:00Z', 200],
        ] as const) {
          const response = await t.app.inject({
            method: 'GET',
            url: `${operation.path}?${parameter.name}=${encodeURIComponent(value)}${requiredQuery(operation.parameters, parameter)}`,
            headers: headersFor(operation.parameters),
          });
          const where = `${operation.path}?${parameter.name}=${value} → ${response.statusCode} ${response.body.slice(0, 300)}`;
          expect(response.statusCode, where).toBe(status);
          if (status === 400) {
            expect(response.json().errors?.[0]?.path, where).toBe(`/querystring/${parameter.name}`);
          }
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('creates a cohort at the very end of 9999, its meetings on its last day at the latest', async () => {
    const response = await t
      .http()
      .post('/v1/cohorts')
      .send({ organisationId: library, phase: 'rollout', startsOn: '9999-12-01', endsOn: '9999-12-31' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const meetings = (await t.http().get(`/v1/sessions?cohortId=${response.body.id}&limit=200`)).body.data as Array<{
      startsAt: string;
      endsAt: string;
    }>;
    expect(meetings.length).toBeGreaterThan(1);
    for (const meeting of meetings) {
      expect(meeting.startsAt >= '9999-12-01').toBe(true);
      expect(meeting.endsAt < '9999-12-31T23:00').toBe(true);
    }
    const moved = await t.http().patch(`/v1/cohorts/${response.body.id}`).send({ startsOn: '9999-12-30' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  });

  it('refuses a cohort in year 0 as 422 naming the field, and stores nothing', async () => {
    const before = (await t.http().get(`/v1/cohorts?organisationId=${library}`)).body.page.total;
    const problem = expectProblem(
      await t
        .http()
        .post('/v1/cohorts')
        .send({ organisationId: library, phase: 'rollout', startsOn: '0000-01-01', endsOn: '2019-06-01' }),
      422,
      'validation',
    );
    expect(problem.errors?.map((e) => e.path)).toEqual(['/startsOn']);
    expect((await t.http().get(`/v1/cohorts?organisationId=${library}`)).body.page.total).toBe(before);
  });

  it('refuses a meeting that would start after 9999 as 422 naming the field', async () => {
    const problem = expectProblem(
      await t
        .http()
        .patch(`/v1/sessions/${session}`)
        .send({ startsAt: '9999-12-31T22:00:00-05:00', endsAt: '9999-12-31T23:00:00-05:00' }),
      422,
      'validation',
    );
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['/endsAt', '/startsAt']);
  });
});

describe('cursors a client changed', () => {
  const cursorOf = (sort: string, values: unknown[]) =>
    Buffer.from(JSON.stringify({ s: sort, v: values })).toString('base64url');

  it('answer 400 invalid-cursor for values the database cannot compare', async () => {
    for (const [url, sort, values] of [
      ['/v1/participants', 'createdAt', ['0000-01-01T00:00:00.000Z', valid]],
      ['/v1/participants', 'createdAt', ['+275760-09-13T00:00:00.000Z', valid]],
      ['/v1/participants', 'familyName', ['Invoer\u0000', valid]],
      ['/v1/participants', 'familyName', ['Invoer', `urn:uuid:${valid}`]],
      ['/v1/modules', 'position', [1e20, valid]],
    ] as const) {
      const response = await t
        .http()
        .get(url)
        .query({ sort, cursor: cursorOf(sort, [...values]) });
      expectProblem(response, 400, 'invalid-cursor');
    }
  });
});

describe('requests the HTTP layer refuses', () => {
  let address = '';
  beforeAll(async () => {
    // Node's HTTP parser refuses these before Fastify sees them: only a real socket reaches it.
    const server = t.app.server;
    if (!server.address()) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const bound = server.address();
    if (!bound || typeof bound === 'string') throw new Error('not listening');
    address = `http://127.0.0.1:${bound.port}`;
  });

  it('answers a 100 kB query string with a 431 problem', async () => {
    const response = await fetch(`${address}/v1/participants?q=${'x'.repeat(100_000)}`, {
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await response.json()) as { status: number; type: string; title: string; detail: string };
    expect(body).toMatchObject({ status: 431, type: 'urn:problem:loket:header-too-large', title: expect.any(String) });
    await stillServing();
  });

  it('answers a malformed request with a 400 problem', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connectSocket(Number(new URL(address).port), '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk;
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(text));
      socket.write('GET /v1/participants HTTP/1.1\r\nHost: loket\r\nBroken Header\r\n\r\n');
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toMatch(/content-type: application\/problem\+json/i);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    expect(body).toMatchObject({ status: 400, type: 'urn:problem:loket:bad-request', title: 'Bad Request' });
  });

  it('answers an over-long path parameter with a 414 problem', async () => {
    expectProblem(await t.http().get(`/v1/participants/${'a'.repeat(500)}`), 414);
  });

  it('answers broken JSON with a 400 problem', async () => {
    expectProblem(
      await t.http().post('/v1/participants').set('content-type', 'application/json').send('{"givenName":'),
      400,
    );
  });
});
