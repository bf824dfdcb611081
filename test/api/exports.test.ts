import { participants } from '@loket/db';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
const ids = {} as Record<'libraryA' | 'libraryB', string>;
let coordinatorA = '';
let coordinatorB = '';

async function post(url: string, body: object) {
  const response = await t.http().post(url).send(body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

beforeAll(async () => {
  t = await startTestApp();
  const poi = (await post('/v1/organisations', { kind: 'poi', name: 'Rijnbrink', parentId: t.kb.id })).id;
  ids.libraryA = (await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Deventer', parentId: poi })).id;
  ids.libraryB = (await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Zutphen', parentId: poi })).id;
  coordinatorA = await t.tokenFor('coordinator', { organisationId: ids.libraryA });
  coordinatorB = await t.tokenFor('coordinator', { organisationId: ids.libraryB });
  // More people than one export page holds, with names that need CSV quoting.
  const many = Array.from({ length: 2300 }, (_, i) => ({
    organisationId: ids.libraryA,
    givenName: i % 7 === 0 ? 'Anne, "Ans"' : 'Joke',
    nameInfix: i % 3 === 0 ? 'van der' : null,
    familyName: `Achternaam ${i}`,
    email: `p${i}@deventer.example`,
    jobTitle: i % 5 === 0 ? 'Medewerker\npublieksservice' : null,
  }));
  for (let i = 0; i < many.length; i += 500)
    await t.database.connection.db.insert(participants).values(many.slice(i, i + 500));
  for (let i = 0; i < 5; i++) {
    await post('/v1/participants', {
      organisationId: ids.libraryB,
      givenName: 'Zutphen',
      familyName: `${i}`,
      email: `z${i}@zutphen.example`,
    });
  }
});

afterAll(async () => {
  await t.close();
});

const csvOf = (token: string, url: string) =>
  t
    .http(token)
    .get(url)
    .buffer(true)
    .parse((response, done) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => done(null, text));
    });

describe('GET /v1/exports/participants', () => {
  it('streams every participant in scope, across pages, and parses back to the same people', async () => {
    const response = await csvOf(coordinatorA, '/v1/exports/participants');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(response.body as string, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(2300);
    expect(new Set(rows.map((r) => r.email)).size).toBe(2300);
    const quoted = rows.find((r) => r.email === 'p0@deventer.example');
    expect(quoted).toMatchObject({
      givenName: 'Anne, "Ans"',
      nameInfix: 'van der',
      jobTitle: 'Medewerker\npublieksservice',
    });
    const one = await t.http(coordinatorA).get(`/v1/participants?q=p1234@`);
    expect(rows.find((r) => r.id === one.body.data[0].id)?.familyName).toBe('Achternaam 1234');
  });

  it('keeps other libraries out, and writes Excel\u2019s dialect on request', async () => {
    const response = await csvOf(coordinatorB, '/v1/exports/participants?excel=true');
    const text = response.body as string;
    expect(text.startsWith('\uFEFFid;givenName;')).toBe(true);
    const rows = parse(text.slice(1), { columns: true, delimiter: ';' }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.givenName)).toEqual(['Zutphen', 'Zutphen', 'Zutphen', 'Zutphen', 'Zutphen']);
  });
});

describe('GET /v1/exports/enrolments', () => {
  it('gives one row per enrolment and chosen module with its progress', async () => {
    const cohort = await post('/v1/cohorts', {
      organisationId: ids.libraryB,
      phase: 'rollout',
      startsOn: '2019-03-04',
      endsOn: '2019-06-03',
      moduleCodes: ['boekstart', 'digitaalhuis'],
    });
    await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status: 'running' }).expect(200);
    const people = (await t.http(coordinatorB).get('/v1/participants?limit=3')).body.data.map(
      (p: { id: string }) => p.id,
    );
    const enrolled = (await post(`/v1/cohorts/${cohort.id}/enrolments`, { participantIds: people })).data;
    await t
      .http()
      .put(`/v1/enrolments/${enrolled[0].id}/progress/boekstart`)
      .send({ status: 'completed', score: 0.9 })
      .expect(200);
    const response = await csvOf(coordinatorB, `/v1/exports/enrolments?cohortId=${cohort.id}`);
    const rows = parse(response.body as string, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r.progressStatus === 'completed')).toEqual([
      expect.objectContaining({
        enrolmentId: enrolled[0].id,
        moduleCode: 'boekstart',
        score: '0.9000',
        enrolmentStatus: 'active',
      }),
    ]);
    const outside = await csvOf(coordinatorA, `/v1/exports/enrolments?cohortId=${cohort.id}`);
    expect(parse(outside.body as string, { columns: true })).toEqual([]);
  });
});

describe('GET /v1/exports/attendance and /v1/exports/xapi-statements', () => {
  it('export the attendance taken and the statements the players sent, within scope', async () => {
    const cohort = await post('/v1/cohorts', {
      organisationId: ids.libraryB,
      phase: 'rollout',
      startsOn: '2019-09-02',
      endsOn: '2019-12-02',
      moduleCodes: ['boekstart'],
    });
    await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status: 'running' }).expect(200);
    const people = (await t.http(coordinatorB).get('/v1/participants?limit=2')).body.data.map(
      (p: { id: string }) => p.id,
    );
    const enrolled = (await post(`/v1/cohorts/${cohort.id}/enrolments`, { participantIds: people })).data as Array<{
      id: string;
      participantId: string;
    }>;
    const [kickoff] = (await t.http().get(`/v1/sessions?cohortId=${cohort.id}`)).body.data;
    await t
      .http(coordinatorB)
      .put(`/v1/sessions/${kickoff.id}/attendance`)
      .send({
        records: [
          { enrolmentId: enrolled[0]?.id, status: 'present' },
          { enrolmentId: enrolled[1]?.id, status: 'excused', excuseWaived: true },
        ],
      })
      .expect(200);
    const attendance = parse(
      (await csvOf(coordinatorB, `/v1/exports/attendance?cohortId=${cohort.id}`)).body as string,
      { columns: true },
    ) as Array<Record<string, string>>;
    expect(attendance.map((r) => [r.sessionType, r.status, r.excuseWaived]).sort()).toEqual([
      ['kickoff', 'excused', 'true'],
      ['kickoff', 'present', 'false'],
    ]);
    expect(
      parse((await csvOf(coordinatorA, `/v1/exports/attendance?cohortId=${cohort.id}`)).body as string, {
        columns: true,
      }),
    ).toEqual([]);

    const player = await t.tokenFor('participant', { participantId: enrolled[0]?.participantId as string });
    await t
      .http(player)
      .post('/v1/xapi/statements')
      .set('x-experience-api-version', '1.0.3')
      .send({
        actor: {
          objectType: 'Agent',
          account: { homePage: 'http://localhost:3000', name: enrolled[0]?.participantId },
        },
        verb: { id: 'http://adlnet.gov/expapi/verbs/initialized' },
        object: { objectType: 'Activity', id: 'https://loket.kb.example/xapi/lfb/modules/boekstart' },
      })
      .expect(200);
    const statements = parse((await csvOf(coordinatorB, '/v1/exports/xapi-statements')).body as string, {
      columns: true,
    }) as Array<Record<string, string>>;
    expect(statements.map((s) => s.verb)).toEqual(['http://adlnet.gov/expapi/verbs/initialized']);
    expect(JSON.parse(statements[0]?.statement ?? '{}').verb.id).toBe('http://adlnet.gov/expapi/verbs/initialized');
    // RFC 4180 records (CRLF), and for Excel a BOM and semicolons around the very same cells.
    const plain = (await csvOf(coordinatorB, '/v1/exports/xapi-statements')).body as string;
    expect(plain.split('\r\n')).toHaveLength(3);
    expect(plain.endsWith('\r\n')).toBe(true);
    const excel = (await csvOf(coordinatorB, '/v1/exports/xapi-statements?excel=1')).body as string;
    expect(excel.startsWith('\uFEFF')).toBe(true);
    expect(parse(excel.slice(1), { delimiter: ';', columns: true })).toEqual(statements);
    expect(
      parse((await csvOf(coordinatorB, '/v1/exports/xapi-statements?since=2100-01-01T00:00:00Z')).body as string, {
        columns: true,
      }),
    ).toEqual([]);
    expect(parse((await csvOf(coordinatorA, '/v1/exports/xapi-statements')).body as string, { columns: true })).toEqual(
      [],
    );
  });
});

describe('an export without rows', () => {
  const headers = {
    '/v1/exports/participants': [
      'id',
      'givenName',
      'nameInfix',
      'familyName',
      'email',
      'jobTitle',
      'organisationId',
      'createdAt',
      'updatedAt',
    ],
    '/v1/exports/enrolments': [
      'enrolmentId',
      'cohortId',
      'cohortName',
      'participantId',
      'participantName',
      'enrolmentStatus',
      'moduleCode',
      'moduleTitle',
      'progressStatus',
      'startedAt',
      'completedAt',
      'score',
    ],
    '/v1/exports/attendance': [
      'cohortId',
      'cohortName',
      'sessionId',
      'sessionType',
      'sessionTitle',
      'startsAt',
      'enrolmentId',
      'participantName',
      'status',
      'excuseWaived',
      'recordedAt',
    ],
    '/v1/exports/xapi-statements': [
      'id',
      'participantId',
      'verb',
      'activityIri',
      'registration',
      'timestamp',
      'storedAt',
      'statement',
    ],
  };

  it('still has its header row, in both dialects, so tools know its columns', async () => {
    const poi = (
      await post('/v1/organisations', { kind: 'poi', name: 'Bibliotheekservice Fryslân', parentId: t.kb.id })
    ).id;
    const empty = (await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Leeuwarden', parentId: poi }))
      .id;
    const coordinator = await t.tokenFor('coordinator', { organisationId: empty });
    for (const [path, columns] of Object.entries(headers)) {
      const plain = await csvOf(coordinator, path);
      expect(plain.status, path).toBe(200);
      expect(parse(plain.body as string), path).toEqual([columns]);
      expect(parse(plain.body as string, { columns: true }), path).toEqual([]);
      const excel = await csvOf(coordinator, `${path}?excel=1`);
      expect(excel.status, path).toBe(200);
      const text = excel.body as string;
      expect(text.startsWith('\uFEFF'), path).toBe(true);
      expect(parse(text.slice(1), { delimiter: ';' }), path).toEqual([columns]);
    }
  });
});
