import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';

/**
 * A fixed dataset whose figures are worked out by hand:
 * Helmond-Peel (Cubiss, pilot, BoekStart + digiTaalhuis): p0 completes both and attends all three
 * meetings (certificate), p1 completes BoekStart and is absent at the kick-off, p2 does nothing and
 * is excused at the kick-off. Hilversum (ProBiblio, rollout, BoekStart only): q0 completes and
 * attends everything (certificate, later revoked), q1 is halfway and attends nothing.
 */
let t: TestApp;
const ids = {} as Record<'cubiss' | 'probiblio' | 'helmond' | 'hilversum', string>;
let coordinatorHelmond = '';

async function post(url: string, body: object) {
  const response = await t.http().post(url).send(body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

async function cohortWith(libraryId: string, phase: string, moduleCodes: string[], people: number, tag: string) {
  const cohort = await post('/v1/cohorts', {
    organisationId: libraryId,
    phase,
    startsOn: '2018-11-05',
    endsOn: '2019-02-05',
    moduleCodes,
  });
  await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status: 'running' }).expect(200);
  const participantIds = [];
  for (let i = 0; i < people; i++) {
    participantIds.push(
      (
        await post('/v1/participants', {
          organisationId: libraryId,
          givenName: tag,
          familyName: `${i}`,
          email: `${tag}${i}@bieb.example`,
        })
      ).id,
    );
  }
  const enrolled = (await post(`/v1/cohorts/${cohort.id}/enrolments`, { participantIds })).data as Array<{
    id: string;
    participantId: string;
  }>;
  const enrolments = participantIds.map((p) => enrolled.find((e) => e.participantId === p)?.id as string);
  const sessions = (await t.http().get(`/v1/sessions?cohortId=${cohort.id}`)).body.data.map(
    (s: { id: string }) => s.id,
  ) as string[];
  return { id: cohort.id as string, enrolments, sessions };
}

const progress = (enrolmentId: string | undefined, code: string, status = 'completed') =>
  t.http().put(`/v1/enrolments/${enrolmentId}/progress/${code}`).send({ status }).expect(200);
const attend = (sessionId: string | undefined, records: Array<[string | undefined, string]>) =>
  t
    .http()
    .put(`/v1/sessions/${sessionId}/attendance`)
    .send({ records: records.map(([enrolmentId, status]) => ({ enrolmentId, status })) })
    .expect(200);

beforeAll(async () => {
  // The figures are worked out for version 1 of 2018: a kick-off and two team meetings.
  t = await startTestApp({ content: 'pilot' });
  ids.cubiss = (await post('/v1/organisations', { kind: 'poi', name: 'Cubiss', parentId: t.kb.id })).id;
  ids.probiblio = (await post('/v1/organisations', { kind: 'poi', name: 'ProBiblio', parentId: t.kb.id })).id;
  ids.helmond = (
    await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Helmond-Peel', parentId: ids.cubiss })
  ).id;
  ids.hilversum = (
    await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Hilversum', parentId: ids.probiblio })
  ).id;
  coordinatorHelmond = await t.tokenFor('coordinator', { organisationId: ids.helmond });

  const a = await cohortWith(ids.helmond, 'pilot', ['boekstart', 'digitaalhuis'], 3, 'p');
  await progress(a.enrolments[0], 'boekstart');
  await progress(a.enrolments[0], 'digitaalhuis');
  await progress(a.enrolments[1], 'boekstart');
  await attend(a.sessions[0], [
    [a.enrolments[0], 'present'],
    [a.enrolments[1], 'absent'],
    [a.enrolments[2], 'excused'],
  ]);
  await attend(a.sessions[1], [[a.enrolments[0], 'present']]);
  await attend(a.sessions[2], [[a.enrolments[0], 'present']]);
  await post('/v1/certificates', { enrolmentId: a.enrolments[0] });

  const b = await cohortWith(ids.hilversum, 'rollout', ['boekstart'], 2, 'q');
  await progress(b.enrolments[0], 'boekstart');
  await progress(b.enrolments[1], 'boekstart', 'in_progress');
  for (const session of b.sessions) await attend(session, [[b.enrolments[0], 'present']]);
  const revoked = await post('/v1/certificates', { enrolmentId: b.enrolments[0] });
  await post(`/v1/certificates/${revoked.id}/revoke`, { reason: 'Dubbel uitgegeven' });
});

afterAll(async () => {
  await t.close();
});

describe('GET /v1/reports/progress', () => {
  it('counts progress per library as worked out by hand', async () => {
    const report = await t.http().get('/v1/reports/progress?groupBy=library');
    expect(report.status).toBe(200);
    expect(report.body.rows).toEqual([
      {
        key: ids.helmond,
        label: 'Bibliotheek Helmond-Peel',
        enrolments: 3,
        progressRecords: 6,
        notStarted: 3,
        inProgress: 0,
        completed: 3,
        completedPercentage: 50,
      },
      {
        key: ids.hilversum,
        label: 'Bibliotheek Hilversum',
        enrolments: 2,
        progressRecords: 2,
        notStarted: 0,
        inProgress: 1,
        completed: 1,
        completedPercentage: 50,
      },
    ]);
  });

  it('per module, phase and POI too, and filtered', async () => {
    const byModule = (await t.http().get('/v1/reports/progress?groupBy=module')).body.rows;
    expect(
      byModule.map((r: { key: string; completed: number; progressRecords: number; completedPercentage: number }) => [
        r.key,
        r.completed,
        r.progressRecords,
        r.completedPercentage,
      ]),
    ).toEqual([
      ['boekstart', 3, 5, 60],
      ['digitaalhuis', 1, 3, 33.3],
    ]);
    const byPhase = (await t.http().get('/v1/reports/progress?groupBy=phase')).body.rows;
    expect(byPhase.map((r: { key: string; completed: number }) => [r.key, r.completed])).toEqual([
      ['pilot', 3],
      ['rollout', 1],
    ]);
    const cubissOnly = (await t.http().get(`/v1/reports/progress?groupBy=poi&poiId=${ids.cubiss}`)).body.rows;
    expect(cubissOnly).toEqual([expect.objectContaining({ label: 'Cubiss', enrolments: 3 })]);
    const later = (await t.http().get('/v1/reports/progress?from=2019-01-01')).body.rows;
    expect(later).toEqual([]);
  });
});

describe('GET /v1/reports/rollout, attendance and certificates', () => {
  it('gives each cohort\u2019s standing', async () => {
    const rows = (await t.http().get('/v1/reports/rollout')).body.rows;
    expect(
      rows.map((r: Record<string, unknown>) => [
        r.libraryName,
        r.poiName,
        r.phase,
        r.status,
        r.enrolled,
        r.active,
        r.completed,
        r.certificates,
      ]),
    ).toEqual([
      ['Bibliotheek Helmond-Peel', 'Cubiss', 'pilot', 'running', 3, 2, 1, 1],
      ['Bibliotheek Hilversum', 'ProBiblio', 'rollout', 'running', 2, 1, 1, 0],
    ]);
  });

  it('counts attendance per kind of meeting', async () => {
    const rows = (await t.http().get('/v1/reports/attendance')).body.rows;
    expect(
      rows.map((r: Record<string, unknown>) => [
        r.libraryName,
        r.sessionType,
        r.sessions,
        r.held,
        r.present,
        r.absent,
        r.excused,
        r.attendanceRate,
      ]),
    ).toEqual([
      ['Bibliotheek Helmond-Peel', 'kickoff', 1, 1, 1, 1, 1, 33.3],
      ['Bibliotheek Helmond-Peel', 'team_meeting', 2, 2, 2, 0, 0, 100],
      ['Bibliotheek Hilversum', 'kickoff', 1, 1, 1, 0, 0, 100],
      ['Bibliotheek Hilversum', 'team_meeting', 2, 2, 2, 0, 0, 100],
    ]);
  });

  it('counts certificates issued and revoked per month', async () => {
    const rows = (await t.http().get('/v1/reports/certificates')).body.rows;
    expect(rows).toEqual([{ month: new Date().toISOString().slice(0, 7), issued: 2, revoked: 1 }]);
  });
});

describe('reports as CSV', () => {
  it('parse back to the same rows', async () => {
    const json = (await t.http().get('/v1/reports/progress?groupBy=module')).body.rows;
    const csv = await t.http().get('/v1/reports/progress?groupBy=module').set('accept', 'text/csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(csv.text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toEqual(
      json.map((r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)]))),
    );
  });

  it('suit a Dutch Excel: BOM and semicolons', async () => {
    const csv = await t.http().get('/v1/reports/rollout?format=csv&excel=true');
    expect(csv.text.startsWith('\uFEFFlibraryId;libraryName;')).toBe(true);
    const rows = parse(csv.text.slice(1), { columns: true, delimiter: ';' }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.libraryName)).toEqual(['Bibliotheek Helmond-Peel', 'Bibliotheek Hilversum']);
  });
});

describe('reports as CSV without rows', () => {
  it('still have their header row, for every report', async () => {
    const expected: Record<string, string[]> = {
      '/v1/reports/progress?groupBy=library': [
        'key',
        'label',
        'enrolments',
        'progressRecords',
        'notStarted',
        'inProgress',
        'completed',
        'completedPercentage',
      ],
      '/v1/reports/rollout': [
        'libraryId',
        'libraryName',
        'poiName',
        'cohortId',
        'cohortName',
        'phase',
        'status',
        'startsOn',
        'endsOn',
        'enrolled',
        'active',
        'completed',
        'withdrawn',
        'certificates',
      ],
      '/v1/reports/attendance': [
        'cohortId',
        'cohortName',
        'libraryName',
        'sessionType',
        'sessions',
        'held',
        'present',
        'absent',
        'excused',
        'attendanceRate',
      ],
      '/v1/reports/certificates': ['month', 'issued', 'revoked'],
      '/v1/reports/evaluations?groupBy=library': [
        'groupKey',
        'groupLabel',
        'subjectType',
        'questionCode',
        'questionText',
        'responses',
        'averageRating',
        'rating1',
        'rating2',
        'rating3',
        'rating4',
        'rating5',
      ],
    };
    const nothing = `libraryId=${ids.helmond}&from=2100-01-01`;
    for (const [path, columns] of Object.entries(expected)) {
      const separator = path.includes('?') ? '&' : '?';
      const url = path.startsWith('/v1/reports/evaluations')
        ? `${path}&cohortId=01936000-0000-7000-8000-000000000000`
        : `${path}${separator}${nothing}`;
      const json = await t.http().get(url);
      expect(json.status, url).toBe(200);
      expect(json.body.rows, url).toEqual([]);
      const csv = await t.http().get(`${url}&format=csv`);
      expect(csv.status, url).toBe(200);
      expect(parse(csv.text), url).toEqual([columns]);
      const excel = await t.http().get(`${url}&format=csv&excel=1`);
      expect(parse(excel.text.replace(/^\uFEFF/, ''), { delimiter: ';' }), url).toEqual([columns]);
      expect(excel.text.startsWith('\uFEFF'), url).toBe(true);
    }
  });

  it('take excel as true or 1, false or 0, and refuse other spellings', async () => {
    for (const flag of ['true', '1']) {
      const csv = await t.http().get(`/v1/reports/certificates?format=csv&excel=${flag}`);
      expect(csv.text.startsWith('\uFEFFmonth;issued;revoked'), flag).toBe(true);
    }
    for (const flag of ['false', '0']) {
      const csv = await t.http().get(`/v1/reports/certificates?format=csv&excel=${flag}`);
      expect(csv.text.startsWith('month,issued,revoked'), flag).toBe(true);
    }
    expectProblem(await t.http().get('/v1/reports/certificates?format=csv&excel=ja'), 400);
  });
});

describe('report scope', () => {
  it('shows a coordinator only their library', async () => {
    const rows = (await t.http(coordinatorHelmond).get('/v1/reports/rollout')).body.rows;
    expect(rows.map((r: { libraryName: string }) => r.libraryName)).toEqual(['Bibliotheek Helmond-Peel']);
    const certificates = (await t.http(coordinatorHelmond).get('/v1/reports/certificates')).body.rows;
    expect(certificates[0]).toMatchObject({ issued: 1, revoked: 0 });
    const participant = await t.tokenFor('participant', {
      participantId: (await t.http().get('/v1/participants?limit=1')).body.data[0].id,
    });
    expectProblem(await t.http(participant).get('/v1/reports/progress'), 403);
    expectProblem(await t.http().get('/v1/reports/progress?groupBy=participant'), 400);
  });
});

describe('meetings held', () => {
  it('counts only the meetings that have started', async () => {
    const haarlem = (
      await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Haarlem', parentId: ids.probiblio })
    ).id;
    const year = new Date().getUTCFullYear() + 1;
    await post('/v1/cohorts', {
      organisationId: haarlem,
      phase: 'rollout',
      startsOn: `${year}-03-02`,
      endsOn: `${year}-06-02`,
      moduleCodes: ['boekstart'],
    });
    const rows = (await t.http().get(`/v1/reports/attendance?libraryId=${haarlem}`)).body.rows;
    expect(rows.map((r: Record<string, unknown>) => [r.sessionType, r.sessions, r.held])).toEqual([
      ['kickoff', 1, 0],
      ['team_meeting', 2, 0],
    ]);
  });
});
