import { enrolments, moduleProgress } from '@loket/db';
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';

/**
 * The pilot as it ran in Bibliotheek Hilversum: an adviser of ProBiblio plans a cohort with four of
 * the six modules, the coordinator imports 17 colleagues from a spreadsheet, they follow modules and
 * attend the three meetings, and the completion rule answers for each of them at every step.
 */
let t: TestApp;
const ids = {} as Record<'poi' | 'library' | 'branch' | 'otherLibrary' | 'cohort', string>;
const tokens = {} as Record<'adviser' | 'coordinator' | 'facilitator' | 'otherCoordinator', string>;
const chosen = ['landelijke-context', 'onze-activiteiten', 'boekstart', 'bibliotheek-op-school'];
const names = [
  ['Anouk', '', 'Jansen'],
  ['Fatima', '', 'El Amrani'],
  ['Sanne', 'de', 'Vries'],
  ['Kevin', 'van der', 'Meer'],
  ['Mirjam', '', 'Bakker'],
  ['Priya', '', 'Ramdin'],
  ['Joost', 'van', 'Dijk'],
  ['Ilse', '', 'Smit'],
  ['Yusuf', '', 'Demir'],
  ['Lotte', 'de', 'Boer'],
  ['Esra', '', 'Yilmaz'],
  ['Marieke', 'van den', 'Berg'],
  ['Noor', '', 'Hendriks'],
  ['Daan', '', 'Visser'],
  ['Wendy', '', 'Mulder'],
  ['Hanneke', '', 'Bos'],
  ['Samira', '', 'Haddou'],
];
const emailOf = ([given, infix, family]: string[]) =>
  `${given}.${`${infix}${family}`.replace(/\s/g, '')}@hilversum.example`.toLowerCase();
const csv = (rows: string[][], separator = ';') =>
  `\uFEFF${['Voornaam', 'Tussenvoegsel', 'Achternaam', 'E-mail', 'Functie', 'Vestiging'].join(separator)}\r\n${rows
    .map((r) => r.join(separator))
    .join('\r\n')}\r\n`;

async function post(token: string, url: string, body: object) {
  const response = await t.http(token).post(url).send(body);
  expect(response.status, `${url}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

async function pictureOf(enrolmentId: string) {
  const response = await t.http(tokens.coordinator).get(`/v1/enrolments/${enrolmentId}`);
  expect(response.status).toBe(200);
  return response.body as {
    status: string;
    participant: { email: string };
    progress: Array<{ code: string; status: string }>;
    attendance: Array<{ sessionId: string; status: string | null }>;
    completion: { eligible: boolean; missing: Array<{ kind: string; code: string | null; reason: string }> };
  };
}

let roster: Array<{ id: string; participantId: string; email: string }> = [];
let sessions: Array<{ id: string; type: string; sequence: number }> = [];

beforeAll(async () => {
  // Version 1 of the programme, as the pilot of 2018 followed it: a kick-off and two team meetings.
  t = await startTestApp({ content: 'pilot' });
  ids.poi = (await post(t.adminToken, '/v1/organisations', { kind: 'poi', name: 'ProBiblio', parentId: t.kb.id })).id;
  ids.library = (
    await post(t.adminToken, '/v1/organisations', { kind: 'library', name: 'Bibliotheek Hilversum', parentId: ids.poi })
  ).id;
  ids.branch = (
    await post(t.adminToken, '/v1/organisations', {
      kind: 'branch',
      name: 'Hilversum Noord',
      city: 'Hilversum Noord',
      parentId: ids.library,
    })
  ).id;
  const cubiss = (await post(t.adminToken, '/v1/organisations', { kind: 'poi', name: 'Cubiss', parentId: t.kb.id })).id;
  ids.otherLibrary = (
    await post(t.adminToken, '/v1/organisations', {
      kind: 'library',
      name: 'Bibliotheek Helmond-Peel',
      parentId: cubiss,
    })
  ).id;
  tokens.adviser = await t.tokenFor('adviser', { organisationId: ids.poi });
  tokens.coordinator = await t.tokenFor('coordinator', { organisationId: ids.library });
  tokens.facilitator = await t.tokenFor('facilitator', { organisationId: ids.library });
  tokens.otherCoordinator = await t.tokenFor('coordinator', { organisationId: ids.otherLibrary });
  await post(t.adminToken, '/v1/participants', {
    organisationId: ids.otherLibrary,
    givenName: 'Helma',
    familyName: 'Peel',
    email: 'helma.peel@helmond.example',
  });
});

afterAll(async () => {
  await t.close();
});

describe('the pilot in Bibliotheek Hilversum', () => {
  it('starts with an adviser planning a cohort with four of the six modules, and its three meetings', async () => {
    const facilitator = (await t.http(tokens.facilitator).get('/v1/me')).body.id;
    const response = await t
      .http(tokens.adviser)
      .post('/v1/cohorts')
      .send({
        organisationId: ids.library,
        phase: 'pilot',
        startsOn: '2018-11-05',
        endsOn: '2019-02-05',
        moduleCodes: chosen,
        facilitatorUserIds: [facilitator],
      });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      name: 'Pilot Bibliotheek Hilversum 2018',
      status: 'planned',
      phase: 'pilot',
    });
    expect(response.body.modules.map((m: { code: string }) => m.code)).toEqual(chosen);
    ids.cohort = response.body.id;

    const planned = await t.http(tokens.coordinator).get(`/v1/sessions?cohortId=${ids.cohort}`);
    sessions = planned.body.data;
    expect(sessions.map((s) => [s.type, s.sequence])).toEqual([
      ['kickoff', 1],
      ['team_meeting', 2],
      ['team_meeting', 3],
    ]);
    expect(planned.body.data[1].agenda).toContain('Hoe pak ik mijn rol op?');
    expect(planned.body.data[0].startsAt).toBe('2018-11-05T12:30:00.000Z');
  });

  it('plans an extra meeting with its own facilitator, shown in the meeting list', async () => {
    const facilitator = (await t.http(tokens.facilitator).get('/v1/me')).body.id;
    const extra = await t
      .http(tokens.coordinator)
      .post('/v1/sessions')
      .send({
        cohortId: ids.cohort,
        type: 'team_meeting',
        title: 'Extra teambijeenkomst',
        startsAt: '2019-01-28T12:30:00.000Z',
        endsAt: '2019-01-28T14:00:00.000Z',
        facilitatorUserIds: [facilitator],
      });
    expect(extra.status, JSON.stringify(extra.body)).toBe(201);
    const listed = (await t.http(tokens.coordinator).get(`/v1/sessions?cohortId=${ids.cohort}`)).body.data as Array<{
      id: string;
      facilitatorUserIds: string[];
    }>;
    expect(listed.map((s) => s.facilitatorUserIds)).toEqual([[], [], [], [facilitator]]);
    const teamMeetings = await t
      .http(tokens.coordinator)
      .get(`/v1/sessions?cohortId=${ids.cohort}&type=team_meeting`)
      .expect(200);
    expect(teamMeetings.body.data.map((s: { sequence: number }) => s.sequence)).toEqual([2, 3, 4]);
    expect((await t.http(tokens.coordinator).get('/v1/sessions?type=lecture')).status).toBe(400);
    await t.http(tokens.coordinator).post(`/v1/sessions/${extra.body.id}/cancel`).expect(200);
  });

  it('refuses an import with faults, row by row, and changes nothing', async () => {
    const faulty = csv([
      ['Anouk', '', 'Jansen', 'anouk.jansen@hilversum.example', 'Baliemedewerker', ''],
      ['Kees', '', '', 'kees@hilversum', '', ''],
      ['Anouk', '', 'Jansen', 'ANOUK.JANSEN@hilversum.example', '', ''],
      ['Helma', '', 'Peel', 'helma.peel@helmond.example', '', ''],
      ['Piet', '', 'Post', 'piet.post@hilversum.example', '', 'Bussum'],
    ]);
    const dryRun = await t
      .http(tokens.coordinator)
      .post(`/v1/cohorts/${ids.cohort}/enrolments/import`)
      .type('text/csv')
      .send(faulty);
    expect(dryRun.status, JSON.stringify(dryRun.body)).toBe(200);
    expect(dryRun.body.summary).toMatchObject({ rows: 5, invalid: 4, createAndEnrol: 1 });
    const problems = dryRun.body.rows.map(
      (r: { line: number; problems: Array<{ column: string; message: string }> }) => [
        r.line,
        r.problems.map((p) => `${p.column}: ${p.message}`),
      ],
    );
    expect(problems).toEqual([
      [2, []],
      [3, ['achternaam: is empty', 'e-mail: "kees@hilversum" is not an email address']],
      [4, ['e-mail: appears already on line 2']],
      [5, ['e-mail: belongs to someone at another library']],
      [6, ['vestiging: "Bussum" is not a branch of Bibliotheek Hilversum']],
    ]);
    const commit = await t
      .http(tokens.coordinator)
      .post(`/v1/cohorts/${ids.cohort}/enrolments/import?dryRun=false`)
      .type('text/csv')
      .send(faulty);
    expectProblem(commit, 422, 'invalid-rows');
    const [stored] = await t.database.connection.db
      .select({ n: count() })
      .from(enrolments)
      .where(eq(enrolments.cohortId, ids.cohort));
    expect(stored?.n).toBe(0);
  });

  it.each([
    ['an empty file', '', 'The file is empty.'],
    ['a file without people', 'voornaam;achternaam;e-mail\r\n', 'The file has a header but no people.'],
    ['a missing column', 'voornaam;achternaam\r\nA;B\r\n', 'The column "e-mail" is missing.'],
  ])('refuses %s with a clear reason', async (_case, body, detail) => {
    const response = await t
      .http(tokens.coordinator)
      .post(`/v1/cohorts/${ids.cohort}/enrolments/import`)
      .type('text/csv')
      .send(body);
    expect(expectProblem(response, 422, 'invalid-file').detail).toBe(detail);
  });

  it('refuses a 50 MB file before reading it', async () => {
    const response = await t
      .http(tokens.coordinator)
      .post(`/v1/cohorts/${ids.cohort}/enrolments/import`)
      .type('text/csv')
      .send(`voornaam;achternaam;e-mail\r\n${'a;b;c@d.example\r\n'.repeat(3_300_000)}`);
    expectProblem(response, 413);
  });

  it('imports 17 colleagues from Excel\u2019s semicolon CSV in one go', async () => {
    const file = csv(
      names.map((n, i) => [
        n[0] as string,
        n[1] as string,
        n[2] as string,
        emailOf(n),
        'Medewerker publieksservice',
        i % 4 === 0 ? 'Hilversum Noord' : '',
      ]),
    );
    const dryRun = await t
      .http(tokens.coordinator)
      .post(`/v1/cohorts/${ids.cohort}/enrolments/import`)
      .type('text/csv')
      .send(file);
    expect(dryRun.body.summary).toEqual({
      rows: 17,
      invalid: 0,
      createAndEnrol: 17,
      enrolExisting: 0,
      alreadyEnrolled: 0,
    });
    const commit = await t
      .http(tokens.coordinator)
      .post(`/v1/cohorts/${ids.cohort}/enrolments/import?dryRun=false`)
      .type('text/csv')
      .send(file);
    expect(commit.status, JSON.stringify(commit.body)).toBe(200);
    expect(commit.body.committed).toBe(true);

    const list = await t.http(tokens.coordinator).get(`/v1/cohorts/${ids.cohort}/enrolments?limit=200`);
    expect(list.body.page.total).toBe(17);
    roster = list.body.data.map((e: { id: string; participantId: string; participant: { email: string } }) => ({
      id: e.id,
      participantId: e.participantId,
      email: e.participant.email,
    }));
    const progress = await t.database.connection.db
      .select({ n: count() })
      .from(moduleProgress)
      .where(
        inArray(
          moduleProgress.enrolmentId,
          roster.map((r) => r.id),
        ),
      );
    expect(progress[0]?.n).toBe(17 * 4);

    const again = await t
      .http(tokens.coordinator)
      .post(`/v1/cohorts/${ids.cohort}/enrolments/import`)
      .type('text/csv')
      .send(file);
    expect(again.body.summary).toMatchObject({ alreadyEnrolled: 17, createAndEnrol: 0 });
  });

  it('tells every participant at the start what the certificate needs: four modules and three meetings', async () => {
    for (const member of roster) {
      const picture = await pictureOf(member.id);
      expect(picture.status).toBe('invited');
      expect(picture.progress.map((p) => p.code)).toEqual(chosen);
      expect(picture.completion.eligible).toBe(false);
      expect(picture.completion.missing.map((m) => m.code ?? m.reason)).toEqual([
        ...chosen,
        'not_recorded',
        'not_recorded',
        'not_recorded',
      ]);
    }
  });

  it('does not take progress before the cohort runs, and moves status only forward', async () => {
    const first = roster[0]?.id as string;
    expectProblem(
      await t
        .http(tokens.coordinator)
        .put(`/v1/enrolments/${first}/progress/boekstart`)
        .send({ status: 'in_progress' }),
      409,
    );
    expectProblem(
      await t.http(tokens.adviser).patch(`/v1/cohorts/${ids.cohort}`).send({ status: 'closed' }),
      409,
      'invalid-transition',
    );
    const running = await t.http(tokens.adviser).patch(`/v1/cohorts/${ids.cohort}`).send({ status: 'running' });
    expect(running.body.status).toBe('running');
    expectProblem(
      await t.http(tokens.adviser).patch(`/v1/cohorts/${ids.cohort}`).send({ status: 'planned' }),
      409,
      'invalid-transition',
    );
    expectProblem(
      await t
        .http(tokens.adviser)
        .patch(`/v1/cohorts/${ids.cohort}`)
        .send({ moduleCodes: ['boekstart'] }),
      409,
    );
  });

  it('follows the modules as the player and the participants report them', async () => {
    // Twelve finish all four modules, three are halfway, two have not begun.
    for (const [i, member] of roster.entries()) {
      const token = await t.tokenFor('participant', { participantId: member.participantId });
      const modules = i < 12 ? chosen : i < 15 ? chosen.slice(0, 2) : [];
      for (const code of modules) {
        // The first six report through the e-learning player's xAPI statements, the rest directly.
        const response =
          i < 6
            ? await t
                .http(token)
                .post('/v1/xapi/statements')
                .set('x-experience-api-version', '1.0.3')
                .send({
                  actor: {
                    objectType: 'Agent',
                    account: { homePage: 'http://localhost:3000', name: member.participantId },
                  },
                  verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'nl-NL': 'afgerond' } },
                  object: { objectType: 'Activity', id: `https://loket.kb.example/xapi/lfb/modules/${code}` },
                  result: { completion: true, score: { scaled: 0.8 } },
                })
            : await t
                .http(token)
                .put(`/v1/enrolments/${member.id}/progress/${code}`)
                .send({ status: 'completed', score: 0.8 });
        expect(response.status, JSON.stringify(response.body)).toBe(200);
      }
      if (i >= 12 && i < 15) {
        await t
          .http(token)
          .put(`/v1/enrolments/${member.id}/progress/boekstart`)
          .send({ status: 'in_progress' })
          .expect(200);
      }
    }
    const done = await pictureOf(roster[0]?.id as string);
    expect(done.status).toBe('active');
    expect(done.progress.every((p) => p.status === 'completed')).toBe(true);
    expect(done.completion.missing.map((m) => m.reason)).toEqual(['not_recorded', 'not_recorded', 'not_recorded']);
    const halfway = await pictureOf(roster[13]?.id as string);
    expect(halfway.completion.missing.filter((m) => m.kind === 'module').map((m) => [m.code, m.reason])).toEqual([
      ['boekstart', 'in_progress'],
      ['bibliotheek-op-school', 'not_started'],
    ]);
    const idle = await pictureOf(roster[16]?.id as string);
    expect(idle.status).toBe('invited');
  });

  it('keeps a completed module completed', async () => {
    const member = roster[0] as { id: string };
    const response = await t
      .http(tokens.coordinator)
      .put(`/v1/enrolments/${member.id}/progress/boekstart`)
      .send({ status: 'in_progress' });
    expectProblem(response, 409, 'progress-completed');
    expect((await pictureOf(member.id)).progress.find((p) => p.code === 'boekstart')?.status).toBe('completed');
  });

  it('takes attendance for the three meetings, and refuses people from outside the cohort', async () => {
    const stranger = await post(t.adminToken, '/v1/participants', {
      organisationId: ids.library,
      givenName: 'Niet',
      familyName: 'Ingeschreven',
      email: 'niet.ingeschreven@hilversum.example',
    });
    const outsider = await t
      .http(tokens.facilitator)
      .put(`/v1/sessions/${sessions[0]?.id}/attendance`)
      .send({
        records: [{ enrolmentId: stranger.id, status: 'present' }],
      });
    expect(expectProblem(outsider, 422).errors?.[0]?.path).toBe('/records/0/enrolmentId');

    for (const [m, session] of sessions.entries()) {
      const records = roster.map((member, i) => {
        // Member 1 is absent at the second meeting; member 2 excused at the last, with a waiver.
        if (i === 1 && m === 1) return { enrolmentId: member.id, status: 'absent' };
        if (i === 2 && m === 2) return { enrolmentId: member.id, status: 'excused', excuseWaived: true };
        if (i === 3 && m === 2) return { enrolmentId: member.id, status: 'excused' };
        return { enrolmentId: member.id, status: 'present' };
      });
      const response = await t.http(tokens.facilitator).put(`/v1/sessions/${session.id}/attendance`).send({ records });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.records.filter((r: { status: string | null }) => r.status !== null)).toHaveLength(17);
    }
  });

  it('answers the completion rule for every participant at the end', async () => {
    const outcome: Record<string, string[]> = {};
    for (const [i, member] of roster.entries()) {
      const picture = await pictureOf(member.id);
      outcome[i] = picture.completion.missing.map((m) => m.code ?? m.reason);
      if (i === 1) expect(outcome[i]).toEqual(['absent']);
      else if (i === 3) expect(outcome[i]).toEqual(['excused_not_waived']);
      else if (i < 12) {
        expect(picture.completion.eligible, `participant ${i}`).toBe(true);
        expect(picture.status).toBe('completed');
      } else {
        expect(picture.completion.eligible).toBe(false);
        expect(picture.status).not.toBe('completed');
      }
    }
    const completed = await t
      .http(tokens.coordinator)
      .get(`/v1/enrolments?cohortId=${ids.cohort}&status=completed&limit=200`);
    expect(completed.body.page.total).toBe(10);
  });

  it('lets a participant follow their own progress with nothing but their token', async () => {
    const member = roster[5] as { id: string; participantId: string };
    const token = await t.tokenFor('participant', { participantId: member.participantId });
    const mine = await t.http(token).get('/v1/me/enrolments');
    expect(mine.status).toBe(200);
    expect(mine.body.data).toHaveLength(1);
    expect(mine.body.data[0]).toMatchObject({ id: member.id, status: 'completed', completion: { eligible: true } });
    expectProblem(await t.http(token).get(`/v1/enrolments/${roster[6]?.id}`), 404);
    const list = await t.http(token).get('/v1/enrolments');
    expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([member.id]);
  });

  it('keeps the cohort out of sight of another library', async () => {
    expectProblem(await t.http(tokens.otherCoordinator).get(`/v1/cohorts/${ids.cohort}`), 404);
    expectProblem(await t.http(tokens.otherCoordinator).get(`/v1/enrolments/${roster[0]?.id}`), 404);
    expectProblem(await t.http(tokens.otherCoordinator).get(`/v1/sessions/${sessions[0]?.id}`), 404);
    const list = await t.http(tokens.otherCoordinator).get('/v1/enrolments');
    expect(list.body.page.total).toBe(0);
    const put = await t
      .http(tokens.otherCoordinator)
      .put(`/v1/sessions/${sessions[0]?.id}/attendance`)
      .send({ records: [] });
    expectProblem(put, 404);
  });

  it('closes: no more enrolments, meetings or progress', async () => {
    await t.http(tokens.adviser).patch(`/v1/cohorts/${ids.cohort}`).send({ status: 'evaluating' }).expect(200);
    await t.http(tokens.adviser).patch(`/v1/cohorts/${ids.cohort}`).send({ status: 'closed' }).expect(200);
    const late = await post(t.adminToken, '/v1/participants', {
      organisationId: ids.library,
      givenName: 'Laat',
      familyName: 'Komer',
      email: 'laat.komer@hilversum.example',
    });
    expectProblem(
      await t.http(tokens.coordinator).post('/v1/enrolments').send({ cohortId: ids.cohort, participantId: late.id }),
      409,
      'cohort-closed',
    );
    const meeting = await t.http(tokens.coordinator).post('/v1/sessions').send({
      cohortId: ids.cohort,
      type: 'team_meeting',
      title: 'Extra',
      startsAt: '2019-01-30T12:30:00.000Z',
      endsAt: '2019-01-30T14:30:00.000Z',
    });
    expectProblem(meeting, 409, 'cohort-closed');
    const progress = await t
      .http(tokens.coordinator)
      .put(`/v1/enrolments/${roster[16]?.id}/progress/boekstart`)
      .send({ status: 'completed' });
    expectProblem(progress, 409);
  });
});
