import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';

/** Two pilot libraries; their staff rate modules, meetings and the cohort; the report compares them. */
let t: TestApp;
interface Library {
  id: string;
  cohortId: string;
  coordinator: string;
  people: Array<{ token: string; enrolmentId: string }>;
  modules: Record<string, string>;
  sessions: string[];
}
const libraries: Record<'hilversum' | 'helmond', Library> = {} as never;

async function post(url: string, body: object, token = t.adminToken) {
  const response = await t.http(token).post(url).send(body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

async function setUp(name: string, poiId: string, size: number): Promise<Library> {
  const id = (await post('/v1/organisations', { kind: 'library', name, parentId: poiId })).id;
  const cohort = await post('/v1/cohorts', {
    organisationId: id,
    phase: 'pilot',
    startsOn: '2018-11-05',
    endsOn: '2019-02-05',
    moduleCodes: ['boekstart', 'digitaalhuis'],
  });
  await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status: 'running' }).expect(200);
  const people = [];
  for (let i = 0; i < size; i++) {
    const person = await post('/v1/participants', {
      organisationId: id,
      givenName: 'Deelnemer',
      familyName: `${name} ${i}`,
      email: `p${i}@${name.replace(/\W/g, '').toLowerCase()}.example`,
    });
    const enrolment = await post('/v1/enrolments', { cohortId: cohort.id, participantId: person.id });
    people.push({ token: await t.tokenFor('participant', { participantId: person.id }), enrolmentId: enrolment.id });
  }
  const sessions = (await t.http().get(`/v1/sessions?cohortId=${cohort.id}`)).body.data.map(
    (s: { id: string }) => s.id,
  );
  return {
    id,
    cohortId: cohort.id,
    coordinator: await t.tokenFor('coordinator', { organisationId: id }),
    people,
    modules: Object.fromEntries(cohort.modules.map((m: { code: string; id: string }) => [m.code, m.id])),
    sessions,
  };
}

const rate = (library: Library, i: number, body: Record<string, unknown>) =>
  t
    .http(library.people[i]?.token)
    .post('/v1/evaluations')
    .send({ enrolmentId: library.people[i]?.enrolmentId, ...body });

beforeAll(async () => {
  t = await startTestApp();
  const poi = (await post('/v1/organisations', { kind: 'poi', name: 'ProBiblio', parentId: t.kb.id })).id;
  libraries.hilversum = await setUp('Bibliotheek Hilversum', poi, 3);
  libraries.helmond = await setUp('Bibliotheek Helmond-Peel', poi, 2);
});

afterAll(async () => {
  await t.close();
});

describe('POST /v1/evaluations', () => {
  it('lets a participant rate a chosen module, with answers and a comment', async () => {
    const h = libraries.hilversum;
    const response = await rate(h, 0, {
      subjectType: 'module',
      subjectId: h.modules.boekstart,
      rating: 5,
      answers: { 'module-relevantie': 5, 'module-duidelijkheid': 4 },
      comment: 'Heel bruikbaar aan de balie.',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ rating: 5, subjectType: 'module', comment: 'Heel bruikbaar aan de balie.' });
    expectProblem(
      await rate(h, 0, { subjectType: 'module', subjectId: h.modules.boekstart, rating: 4 }),
      409,
      'already-evaluated',
    );
  });

  it('refuses a module the cohort did not choose, a meeting of another cohort and ratings out of range', async () => {
    const h = libraries.hilversum;
    const modules = (await t.http().get('/v1/modules')).body.data as Array<{ id: string; code: string }>;
    const notChosen = modules.find((m) => m.code === 'nieuwe-klanten')?.id;
    expect(
      expectProblem(await rate(h, 1, { subjectType: 'module', subjectId: notChosen, rating: 4 }), 422).errors?.[0]
        ?.path,
    ).toBe('/subjectId');
    expectProblem(
      await rate(h, 1, { subjectType: 'session', subjectId: libraries.helmond.sessions[0], rating: 4 }),
      422,
    );
    expectProblem(await rate(h, 1, { subjectType: 'cohort', subjectId: libraries.helmond.cohortId, rating: 4 }), 422);
    for (const rating of [0, 6, 3.5, '4']) {
      expect(
        expectProblem(await rate(h, 1, { subjectType: 'cohort', subjectId: h.cohortId, rating }), 422).errors?.[0]
          ?.path,
      ).toBe('/rating');
    }
    expectProblem(
      await rate(h, 1, {
        subjectType: 'module',
        subjectId: h.modules.boekstart,
        rating: 4,
        answers: { 'bijeenkomst-lokaal': 4 },
      }),
      422,
    );
  });

  it('is for participants about themselves only', async () => {
    const h = libraries.hilversum;
    const someoneElse = await t
      .http(h.people[1]?.token)
      .post('/v1/evaluations')
      .send({ enrolmentId: h.people[2]?.enrolmentId, subjectType: 'cohort', subjectId: h.cohortId, rating: 1 });
    expectProblem(someoneElse, 422);
    const coordinator = await t
      .http(h.coordinator)
      .post('/v1/evaluations')
      .send({ enrolmentId: h.people[2]?.enrolmentId, subjectType: 'cohort', subjectId: h.cohortId, rating: 1 });
    expectProblem(coordinator, 403);
  });
});

describe('the evaluation report', () => {
  beforeAll(async () => {
    const h = libraries.hilversum;
    const m = libraries.helmond;
    // Module ratings: Hilversum 5 (above), 3, 4; Helmond-Peel 2, 3. Meeting: Hilversum 4, 4. Cohort: Helmond-Peel 5.
    await rate(h, 1, {
      subjectType: 'module',
      subjectId: h.modules.digitaalhuis,
      rating: 3,
      answers: { 'module-relevantie': 2 },
    }).expect(201);
    await rate(h, 2, { subjectType: 'module', subjectId: h.modules.boekstart, rating: 4 }).expect(201);
    await rate(m, 0, { subjectType: 'module', subjectId: m.modules.boekstart, rating: 2 }).expect(201);
    await rate(m, 1, { subjectType: 'module', subjectId: m.modules.digitaalhuis, rating: 3 }).expect(201);
    await rate(h, 0, { subjectType: 'session', subjectId: h.sessions[0], rating: 4 }).expect(201);
    await rate(h, 1, { subjectType: 'session', subjectId: h.sessions[0], rating: 4 }).expect(201);
    await rate(m, 0, { subjectType: 'cohort', subjectId: m.cohortId, rating: 5, comment: 'Goed georganiseerd' }).expect(
      201,
    );
  });

  it('equals the hand-computed figures per library', async () => {
    const report = await t.http().get('/v1/reports/evaluations?groupBy=library&phase=pilot');
    expect(report.status).toBe(200);
    const row = (label: string, subjectType: string) =>
      report.body.rows.find(
        (r: { group: { label: string }; subjectType: string }) =>
          r.group.label === label && r.subjectType === subjectType,
      );
    expect(row('Bibliotheek Hilversum', 'module')).toMatchObject({
      responses: 3,
      averageRating: 4,
      distribution: { 1: 0, 2: 0, 3: 1, 4: 1, 5: 1 },
      questions: [
        {
          code: 'module-relevantie',
          text: 'Hoe bruikbaar is deze module voor je werk aan de balie?',
          responses: 2,
          averageRating: 3.5,
        },
        {
          code: 'module-duidelijkheid',
          text: 'Hoe duidelijk was de inhoud van deze module?',
          responses: 1,
          averageRating: 4,
        },
      ],
    });
    expect(row('Bibliotheek Helmond-Peel', 'module').questions).toEqual([]);
    expect(row('Bibliotheek Helmond-Peel', 'module')).toMatchObject({
      responses: 2,
      averageRating: 2.5,
      distribution: { 2: 1, 3: 1 },
    });
    expect(row('Bibliotheek Hilversum', 'session')).toMatchObject({ responses: 2, averageRating: 4 });
    expect(row('Bibliotheek Helmond-Peel', 'cohort')).toMatchObject({ responses: 1, averageRating: 5 });
  });

  it('summarises per phase and per programme version too', async () => {
    const byPhase = await t.http().get('/v1/reports/evaluations?groupBy=phase&subjectType=module');
    expect(byPhase.body.rows).toEqual([
      {
        group: { key: 'pilot', label: 'pilot' },
        subjectType: 'module',
        responses: 5,
        averageRating: 3.4,
        distribution: { 1: 0, 2: 1, 3: 2, 4: 1, 5: 1 },
        questions: [
          {
            code: 'module-relevantie',
            text: 'Hoe bruikbaar is deze module voor je werk aan de balie?',
            responses: 2,
            averageRating: 3.5,
          },
          {
            code: 'module-duidelijkheid',
            text: 'Hoe duidelijk was de inhoud van deze module?',
            responses: 1,
            averageRating: 4,
          },
        ],
      },
    ]);
    const byVersion = await t.http().get('/v1/reports/evaluations?groupBy=programmeVersion&subjectType=module');
    expect(byVersion.body.rows[0]).toMatchObject({ group: { label: 'versie 1' }, responses: 5 });
  });

  it('comes as CSV too, in long format: a row for all answers, then one per question', async () => {
    const csv = await t.http().get('/v1/reports/evaluations?groupBy=phase&subjectType=module&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(parse(csv.text)[0]).toEqual([
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
    ]);
    const common = { groupKey: 'pilot', groupLabel: 'pilot', subjectType: 'module' };
    const noRatings = { rating1: '', rating2: '', rating3: '', rating4: '', rating5: '' };
    expect(parse(csv.text, { columns: true })).toEqual([
      {
        ...common,
        questionCode: '',
        questionText: '',
        responses: '5',
        averageRating: '3.4',
        rating1: '0',
        rating2: '1',
        rating3: '2',
        rating4: '1',
        rating5: '1',
      },
      {
        ...common,
        questionCode: 'module-relevantie',
        questionText: 'Hoe bruikbaar is deze module voor je werk aan de balie?',
        responses: '2',
        averageRating: '3.5',
        ...noRatings,
      },
      {
        ...common,
        questionCode: 'module-duidelijkheid',
        questionText: 'Hoe duidelijk was de inhoud van deze module?',
        responses: '1',
        averageRating: '4',
        ...noRatings,
      },
    ]);
    const excel = await t.http().get('/v1/reports/evaluations?groupBy=library&excel=1').set('accept', 'text/csv');
    expect(excel.text.startsWith('\uFEFFgroupKey;groupLabel;')).toBe(true);
  });

  it('stays within the caller\u2019s scope', async () => {
    const report = await t.http(libraries.helmond.coordinator).get('/v1/reports/evaluations?groupBy=library');
    expect(report.body.rows.map((r: { group: { label: string } }) => r.group.label)).toEqual([
      'Bibliotheek Helmond-Peel',
      'Bibliotheek Helmond-Peel',
    ]);
    const list = await t.http(libraries.helmond.coordinator).get('/v1/evaluations?limit=200');
    expect(list.body.page.total).toBe(3);
    expectProblem(await t.http(libraries.helmond.people[0]?.token).get('/v1/reports/evaluations'), 403);
    expect((await t.http(libraries.helmond.people[0]?.token).get('/v1/evaluations')).body.page.total).toBe(2);
  });

  it('can be changed until the cohort closes', async () => {
    const h = libraries.hilversum;
    const own = (await t.http(h.people[2]?.token).get('/v1/evaluations')).body.data[0];
    const changed = await t
      .http(h.people[2]?.token)
      .patch(`/v1/evaluations/${own.id}`)
      .set('if-match', `"${own.version}"`)
      .send({ rating: 5 });
    expect(changed.body.rating).toBe(5);
    await t.http().patch(`/v1/cohorts/${h.cohortId}`).send({ status: 'evaluating' }).expect(200);
    await t.http().patch(`/v1/cohorts/${h.cohortId}`).send({ status: 'closed' }).expect(200);
    expectProblem(
      await t.http(h.people[2]?.token).patch(`/v1/evaluations/${own.id}`).send({ rating: 1 }),
      409,
      'cohort-closed',
    );
    expectProblem(await rate(h, 2, { subjectType: 'cohort', subjectId: h.cohortId, rating: 3 }), 409, 'cohort-closed');
  });
});
