import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

/**
 * A participant's own evaluation forms (GET /v1/me/evaluation-forms): what they can evaluate, the
 * questions, what they answered, and what is asked of them now. Each test sets up its own group.
 */
let t: TestApp;
let poiId = '';
let groups = 0;

async function post(url: string, body: object, token = t.adminToken) {
  const response = await t.http(token).post(url).send(body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

interface Form {
  enrolmentId: string;
  cohortId: string;
  cohortName: string;
  open: boolean;
  items: Array<{
    subjectType: string;
    subjectId: string;
    title: string;
    date: string | null;
    due: boolean;
    questions: Array<{ code: string; text: string }>;
    evaluation: { id: string; rating: number; comment: string | null } | null;
  }>;
}

/** A running group with two modules and two people, each with a participant account. */
async function group() {
  groups += 1;
  const library = await post('/v1/organisations', { kind: 'library', name: `Bibliotheek ${groups}`, parentId: poiId });
  const cohort = await post('/v1/cohorts', {
    organisationId: library.id,
    phase: 'rollout',
    startsOn: '2026-01-05',
    endsOn: '2026-04-05',
    moduleCodes: ['boekstart', 'digitaalhuis'],
  });
  await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status: 'running' }).expect(200);
  const people = [];
  for (const name of ['Anouk', 'Joost']) {
    const person = await post('/v1/participants', {
      organisationId: library.id,
      givenName: name,
      familyName: `Groep ${groups}`,
      email: `${name.toLowerCase()}@groep${groups}.example`,
    });
    const enrolment = await post('/v1/enrolments', { cohortId: cohort.id, participantId: person.id });
    people.push({
      enrolmentId: enrolment.id as string,
      token: await t.tokenFor('participant', { participantId: person.id }),
    });
  }
  const sessions = (await t.http().get(`/v1/sessions?cohortId=${cohort.id}`)).body.data as Array<{ id: string }>;
  return { cohort, people, sessions };
}

const formsOf = async (token: string) => {
  const response = await t.http(token).get('/v1/me/evaluation-forms');
  expect(response.status).toBe(200);
  return response.body.data as Form[];
};

beforeAll(async () => {
  t = await startTestApp();
  poiId = (await post('/v1/organisations', { kind: 'poi', name: 'BiSC', parentId: t.kb.id })).id;
});

afterAll(async () => {
  await t.close();
});

describe('GET /v1/me/evaluation-forms', () => {
  it('lists the chosen modules, every meeting and the whole group, with the programme\u2019s questions', async () => {
    const { cohort, people, sessions } = await group();
    const [form, ...others] = await formsOf(people[0]?.token ?? '');
    expect(others).toEqual([]);
    expect(form).toMatchObject({ enrolmentId: people[0]?.enrolmentId, cohortId: cohort.id, open: true });
    expect(form?.items.map((i) => [i.subjectType, i.title])).toEqual([
      ['module', 'Het digiTaalhuis als netwerk en fysiek'],
      ['module', 'BoekStart'],
      ...sessions.map(() => ['session', expect.any(String)]),
      ['cohort', cohort.name],
    ]);
    expect(form?.items.map((i) => i.subjectId).slice(2, -1)).toEqual(sessions.map((s) => s.id));
    const moduleQuestions = form?.items[0]?.questions.map((q) => q.text);
    expect(moduleQuestions).toEqual([
      'Hoe bruikbaar is deze module voor je werk aan de balie?',
      'Hoe duidelijk was de inhoud van deze module?',
    ]);
    expect(form?.items.at(-1)?.questions.map((q) => q.code)).toEqual(['traject-doorverwijzen', 'traject-aanbevelen']);
    // Nothing done yet: nothing is asked for, nothing answered.
    expect(form?.items.every((i) => !i.due && i.evaluation === null)).toBe(true);
  });

  it('asks for a module once it is completed and a meeting once attended, and shows the answer given', async () => {
    const { people, sessions } = await group();
    const [anouk, joost] = people;
    await t
      .http()
      .put(`/v1/enrolments/${anouk?.enrolmentId}/progress/boekstart`)
      .send({ status: 'completed' })
      .expect(200);
    await t
      .http()
      .put(`/v1/sessions/${sessions[0]?.id}/attendance`)
      .send({
        records: [
          { enrolmentId: anouk?.enrolmentId, status: 'present' },
          { enrolmentId: joost?.enrolmentId, status: 'absent' },
        ],
      })
      .expect(200);
    const [before] = await formsOf(anouk?.token ?? '');
    const boekstart = before?.items.find((i) => i.title === 'BoekStart');
    expect(boekstart?.due).toBe(true);
    expect(boekstart?.date).not.toBeNull();
    expect(before?.items.find((i) => i.subjectId === sessions[0]?.id)?.due).toBe(true);
    expect(before?.items.find((i) => i.title === 'Het digiTaalhuis als netwerk en fysiek')?.due).toBe(false);
    // Absent at the kick-off: Joost is not asked about it.
    const [joostForm] = await formsOf(joost?.token ?? '');
    expect(joostForm?.items.find((i) => i.subjectId === sessions[0]?.id)?.due).toBe(false);

    const given = await post(
      '/v1/evaluations',
      {
        enrolmentId: anouk?.enrolmentId,
        subjectType: 'module',
        subjectId: boekstart?.subjectId,
        rating: 4,
        answers: { 'module-relevantie': 5, 'module-duidelijkheid': 4 },
        comment: 'Het koffertje kan ik nu uitleggen.',
      },
      anouk?.token,
    );
    const [after] = await formsOf(anouk?.token ?? '');
    expect(after?.items.find((i) => i.title === 'BoekStart')?.evaluation).toMatchObject({
      id: given.id,
      rating: 4,
      comment: 'Het koffertje kan ik nu uitleggen.',
    });
    // Someone else's answer stays theirs.
    const [joostAfter] = await formsOf(joost?.token ?? '');
    expect(joostAfter?.items.every((i) => i.evaluation === null)).toBe(true);
  });

  it('asks about the whole group once it is being evaluated, and closes the form when the group closes', async () => {
    const { cohort, people } = await group();
    const token = people[0]?.token ?? '';
    expect((await formsOf(token))[0]?.items.at(-1)?.due).toBe(false);
    await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status: 'evaluating' }).expect(200);
    const [evaluating] = await formsOf(token);
    expect(evaluating?.items.at(-1)).toMatchObject({ subjectType: 'cohort', due: true });
    expect(evaluating?.open).toBe(true);
    await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status: 'closed' }).expect(200);
    expect((await formsOf(token))[0]?.open).toBe(false);
  });

  it('is empty for staff, and shows a participant none of another group', async () => {
    await group();
    expect(await formsOf(t.adminToken)).toEqual([]);
    const { people } = await group();
    const forms = await formsOf(people[1]?.token ?? '');
    expect(forms.map((f) => f.enrolmentId)).toEqual([people[1]?.enrolmentId]);
  });
});
