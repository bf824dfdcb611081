import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

/**
 * Names a spreadsheet would run as formulas (OWASP's CSV injection) come out of every CSV download,
 * in both dialects, with a leading single quote, so Excel and LibreOffice show them as text.
 */
let t: TestApp;

const hostile = {
  poi: '-1+1 POI',
  library: '@Bibliotheek',
  cohort: '=1+2 cohort',
  meeting: '\t=cmd|"/C calc"!A0',
  givenName: '=HYPERLINK("http://x","y")',
  familyName: '+1+1',
  otherGivenName: '@SUM(1)',
  jobTitle: '\r=2+3',
};
const quoted = (text: string) => `'${text}`;

async function post(url: string, body: object) {
  const response = await t.http().post(url).send(body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

beforeAll(async () => {
  t = await startTestApp();
  const poi = (await post('/v1/organisations', { kind: 'poi', name: hostile.poi, parentId: t.kb.id })).id;
  const library = (await post('/v1/organisations', { kind: 'library', name: hostile.library, parentId: poi })).id;
  const first = await post('/v1/participants', {
    organisationId: library,
    givenName: hostile.givenName,
    familyName: hostile.familyName,
    email: 'formule@bieb.example',
    jobTitle: hostile.jobTitle,
  });
  const second = await post('/v1/participants', {
    organisationId: library,
    givenName: hostile.otherGivenName,
    familyName: 'Jansen',
    email: 'som@bieb.example',
  });
  const cohort = await post('/v1/cohorts', {
    organisationId: library,
    name: hostile.cohort,
    phase: 'pilot',
    startsOn: '2019-03-04',
    endsOn: '2019-06-03',
    moduleCodes: ['boekstart'],
  });
  await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status: 'running' }).expect(200);
  const enrolled = (await post(`/v1/cohorts/${cohort.id}/enrolments`, { participantIds: [first.id, second.id] }))
    .data as Array<{ id: string; participantId: string }>;
  const [meeting] = (await t.http().get(`/v1/sessions?cohortId=${cohort.id}`)).body.data;
  await t.http().patch(`/v1/sessions/${meeting.id}`).send({ title: hostile.meeting }).expect(200);
  await t
    .http()
    .put(`/v1/sessions/${meeting.id}/attendance`)
    .send({ records: enrolled.map((e) => ({ enrolmentId: e.id, status: 'present' })) })
    .expect(200);
  const firstEnrolment = enrolled.find((e) => e.participantId === first.id)?.id;
  await t
    .http()
    .put(`/v1/enrolments/${firstEnrolment}/progress/boekstart`)
    .send({ status: 'completed', score: 0.5 })
    .expect(200);
  const player = await t.tokenFor('participant', { participantId: first.id });
  await t
    .http(player)
    .post('/v1/xapi/statements')
    .set('x-experience-api-version', '1.0.3')
    .send({
      actor: {
        objectType: 'Agent',
        name: hostile.givenName,
        account: { homePage: 'http://localhost:3000', name: first.id },
      },
      verb: { id: 'http://adlnet.gov/expapi/verbs/initialized' },
      object: { objectType: 'Activity', id: 'https://loket.kb.example/xapi/lfb/modules/boekstart' },
    })
    .expect(200);
});

afterAll(async () => {
  await t.close();
});

/**
 * Every CSV download with text a user wrote, and the neutralised cells it must hold. The others
 * cannot carry such text: the certificates report holds months and counts, the xAPI export IRIs
 * (which start with a letter) and JSON, and the progress report by module, phase or programme
 * version the programme's own words. They are written by the same code (api/src/lib/csv.ts).
 */
const downloads: Array<{ url: string; expected: Record<string, string[]> }> = [
  {
    url: '/v1/exports/participants?',
    expected: {
      givenName: [quoted(hostile.givenName), quoted(hostile.otherGivenName)],
      familyName: [quoted(hostile.familyName)],
      jobTitle: [quoted(hostile.jobTitle)],
    },
  },
  {
    url: '/v1/exports/enrolments?',
    expected: {
      cohortName: [quoted(hostile.cohort)],
      participantName: [
        quoted(`${hostile.givenName} ${hostile.familyName}`),
        quoted(`${hostile.otherGivenName} Jansen`),
      ],
    },
  },
  {
    url: '/v1/exports/attendance?',
    expected: {
      cohortName: [quoted(hostile.cohort)],
      sessionTitle: [quoted(hostile.meeting)],
      participantName: [quoted(`${hostile.givenName} ${hostile.familyName}`)],
    },
  },
  { url: '/v1/reports/progress?format=csv&groupBy=library&', expected: { label: [quoted(hostile.library)] } },
  { url: '/v1/reports/progress?format=csv&groupBy=poi&', expected: { label: [quoted(hostile.poi)] } },
  {
    url: '/v1/reports/rollout?format=csv&',
    expected: {
      libraryName: [quoted(hostile.library)],
      poiName: [quoted(hostile.poi)],
      cohortName: [quoted(hostile.cohort)],
    },
  },
  {
    url: '/v1/reports/attendance?format=csv&',
    expected: { cohortName: [quoted(hostile.cohort)], libraryName: [quoted(hostile.library)] },
  },
];

const csvOf = (url: string) =>
  t
    .http()
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

describe('CSV downloads', () => {
  for (const { url, expected } of downloads) {
    for (const excel of [false, true]) {
      it(`${url}excel=${excel} writes no cell a spreadsheet would run`, async () => {
        const response = await csvOf(`${url}excel=${excel}`);
        expect(response.status).toBe(200);
        expect(response.headers['content-type']).toMatch(/^text\/csv/);
        const text = response.body as string;
        const rows = parse(text.replace(/^\uFEFF/, ''), {
          delimiter: excel ? ';' : ',',
          columns: true,
        }) as Array<Record<string, string>>;
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
          for (const [column, cell] of Object.entries(row)) {
            expect(cell, `${column}: ${JSON.stringify(cell)}`).not.toMatch(/^[=+\-@\t\r]/);
          }
        }
        for (const [column, cells] of Object.entries(expected)) {
          expect(rows.map((row) => row[column])).toEqual(expect.arrayContaining(cells));
        }
      });
    }
  }
});
