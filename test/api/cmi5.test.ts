import { auditEvents, cmi5Sessions, modules } from '@loket/db';
import XAPI, { type Statement } from '@xapi/xapi';
import { eq, sql } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import XMLHttpRequest from 'xhr2';
import { startTestApp, type TestApp } from '../support/app';
import { courseInDatabase, parametersOf } from '../support/cmi5';
import { expectProblem } from '../support/expectations';
import { freePort } from '../support/ports';

/**
 * Loket as a cmi5 LMS, driven as an off-the-shelf course would drive it: a participant launches a
 * module, the assignable unit is xAPI.js's cmi5 library (@xapi/cmi5) running in Node, given the
 * launch parameters through its constructor (in a browser it reads them from window.location; that
 * is the only difference), and it fetches its token, reads LaunchData, reports over HTTP, and the
 * module, then the certificate rule, follow.
 */
let t: TestApp;
let publicUrl: string;
const ids = {} as Record<'library' | 'otherLibrary' | 'cohort' | 'otherCohort' | 'version' | 'programme', string>;
type Person = { id: string; enrolmentId: string; token: string };
const people = {} as Record<'anouk' | 'bram' | 'carla' | 'dirk', Person>;
const tokens = {} as Record<'coordinator' | 'otherCoordinator', string>;
const iris = {} as Record<'boekstart' | 'bibliotheekOpSchool', string>;
const launchUrlOf = (code: string) => `https://cursus.example/lfb/${code}/index.html?taal=nl`;

async function post(url: string, body: object, token?: string) {
  const response = await t.http(token).post(url).send(body);
  expect(response.status, `${url}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

const launch = (person: keyof typeof people, code: string, body: object = {}, token?: string) =>
  t
    .http(token ?? people[person].token)
    .post(`/v1/enrolments/${people[person].enrolmentId}/modules/${code}/launch`)
    .send(body);

async function enrolment(person: keyof typeof people) {
  const response = await t.http().get(`/v1/enrolments/${people[person].enrolmentId}`);
  expect(response.status).toBe(200);
  return response.body as {
    status: string;
    progress: Array<{ code: string; status: string; score: number | null }>;
    completion: { eligible: boolean; missing: Array<{ code: string | null }> };
  };
}
const statusOf = async (person: keyof typeof people, code: string) =>
  (await enrolment(person)).progress.find((p) => p.code === code)?.status;

/** The statements of a registration, oldest first, as an admin reads them from the LRS. */
async function statementsOf(registration: string, verb?: string): Promise<Statement[]> {
  const query = new URLSearchParams({ registration, ascending: 'true', limit: '100', ...(verb ? { verb } : {}) });
  const response = await t.http().get(`/v1/xapi/statements?${query}`).set('x-experience-api-version', '1.0.3');
  expect(response.status).toBe(200);
  return response.body.statements;
}

const cmi5Verb = (name: string) => `https://w3id.org/xapi/adl/verbs/${name}`;
const adlVerb = (name: string) => `http://adlnet.gov/expapi/verbs/${name}`;
const sessionIdOf = (s: Statement) =>
  s.context?.extensions?.['https://w3id.org/xapi/cmi5/context/extensions/sessionid'] as string | undefined;
const categoriesOf = (s: Statement) => (s.context?.contextActivities?.category ?? []).map((a) => a.id);

let Cmi5: typeof import('@xapi/cmi5/dist/Cmi5.esm.js').default;

beforeAll(async () => {
  // The shim: the library's HTTP client (axios, bundled in) speaks XMLHttpRequest, a browser's, and
  // looks for it once, as it loads; xhr2 gives Node one over node:http. Nothing else of a browser is needed.
  Object.assign(globalThis, { XMLHttpRequest });
  Cmi5 = (await import('@xapi/cmi5/dist/Cmi5.esm.js')).default;
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  t = await startTestApp({ publicUrl });
  // content/ gives no module a launch URL yet; here each has one, as a course vendor's would.
  await t.database.connection.db
    .update(modules)
    .set({ launchUrl: sql`'https://cursus.example/lfb/' || ${modules.code} || '/index.html?taal=nl'` });
  const poi = (await post('/v1/organisations', { kind: 'poi', name: 'Rijnbrink', parentId: t.kb.id })).id;
  ids.library = (await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Arnhem', parentId: poi })).id;
  ids.otherLibrary = (await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Ede', parentId: poi })).id;
  tokens.coordinator = await t.tokenFor('coordinator', { organisationId: ids.library });
  tokens.otherCoordinator = await t.tokenFor('coordinator', { organisationId: ids.otherLibrary });
  const cohort = async (organisationId: string) => {
    const created = await post('/v1/cohorts', {
      organisationId,
      phase: 'pilot',
      startsOn: '2018-11-05',
      endsOn: '2019-02-05',
      moduleCodes: ['boekstart', 'bibliotheek-op-school'],
    });
    await t.http().patch(`/v1/cohorts/${created.id}`).send({ status: 'running' }).expect(200);
    return created.id as string;
  };
  ids.cohort = await cohort(ids.library);
  ids.otherCohort = await cohort(ids.otherLibrary);
  const enrol = async (key: keyof typeof people, givenName: string, organisationId: string, cohortId: string) => {
    const participant = await post('/v1/participants', {
      organisationId,
      givenName,
      familyName: 'Jansen',
      email: `${givenName.toLowerCase()}.jansen@arnhem.example`,
    });
    const enrolled = await post('/v1/enrolments', { cohortId, participantId: participant.id });
    const token = await t.tokenFor('participant', { participantId: participant.id });
    people[key] = { id: participant.id, enrolmentId: enrolled.id, token };
  };
  await enrol('anouk', 'Anouk', ids.library, ids.cohort);
  await enrol('bram', 'Bram', ids.library, ids.cohort);
  await enrol('carla', 'Carla', ids.library, ids.cohort);
  await enrol('dirk', 'Dirk', ids.otherLibrary, ids.otherCohort);
  // Every meeting attended: the modules are all that stands between them and the certificate.
  const meetings = (await t.http().get(`/v1/sessions?cohortId=${ids.cohort}`)).body.data as Array<{ id: string }>;
  for (const meeting of meetings) {
    await t
      .http()
      .put(`/v1/sessions/${meeting.id}/attendance`)
      .send({
        records: (['anouk', 'bram', 'carla'] as const).map((p) => ({
          enrolmentId: people[p].enrolmentId,
          status: 'present',
        })),
      })
      .expect(200);
  }
  const listed = (await t.http().get('/v1/modules?limit=10')).body.data as Array<{
    code: string;
    activityIri: string;
    programmeVersionId: string;
  }>;
  iris.boekstart = listed.find((m) => m.code === 'boekstart')?.activityIri ?? '';
  iris.bibliotheekOpSchool = listed.find((m) => m.code === 'bibliotheek-op-school')?.activityIri ?? '';
  ids.version = listed[0]?.programmeVersionId ?? '';
  const programmes = (await t.http().get('/v1/programmes')).body.data as Array<{ id: string }>;
  ids.programme = programmes[0]?.id ?? '';
  await t.app.listen({ port, host: '127.0.0.1' });
});

afterAll(async () => {
  await t.close();
});

describe('the course structure', () => {
  it('is one assignable unit per module, with its activity IRI, launch URL and moveOn', async () => {
    const response = await t.http().get(`/v1/programmes/${ids.programme}/versions/${ids.version}/cmi5.xml`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/xml/);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'au' }).parse(response.text);
    const units = parsed.courseStructure.au as Array<Record<string, unknown>>;
    expect(units).toHaveLength(6);
    const boekstart = units.find((u) => u['@_id'] === iris.boekstart);
    expect(boekstart).toMatchObject({ '@_moveOn': 'CompletedOrPassed', url: launchUrlOf('boekstart') });
    expect(parsed.courseStructure.course['@_id']).toEqual(expect.stringMatching(/^http/));
  });

  it('answers 404 for a version that is not there', async () => {
    const response = await t.http().get(`/v1/programmes/${ids.programme}/versions/${people.anouk.id}/cmi5.xml`);
    expectProblem(response, 404);
  });
});

describe('launch \u2192 fetch \u2192 statements \u2192 module completed \u2192 certificate eligible', () => {
  it('drives both modules with the cmi5 library until the enrolment is eligible for its certificate', async () => {
    expect((await enrolment('anouk')).completion.eligible).toBe(false);

    const launched = await launch('anouk', 'boekstart');
    expect(launched.status, JSON.stringify(launched.body)).toBe(201);
    const { url, sessionId, registration } = launched.body;
    expect(registration).toBe(people.anouk.enrolmentId);
    expect(url.startsWith('https://cursus.example/lfb/boekstart/index.html?taal=nl&')).toBe(true);
    const parameters = parametersOf(url);
    expect(parameters).toMatchObject({
      endpoint: `${publicUrl}/v1/xapi/`,
      registration: people.anouk.enrolmentId,
      activityId: iris.boekstart,
      actor: { objectType: 'Agent', account: { homePage: publicUrl, name: people.anouk.id } },
    });

    const unit = new Cmi5(parameters);
    await unit.initialize();
    expect(unit.getLaunchData()).toMatchObject({ launchMode: 'Normal', moveOn: 'CompletedOrPassed' });
    expect(unit.getLaunchData().contextTemplate.extensions).toEqual({
      'https://w3id.org/xapi/cmi5/context/extensions/sessionid': sessionId,
    });
    expect(unit.getLearnerPreferences()).toEqual({ languagePreference: 'nl-NL', audioPreference: 'on' });
    expect(await statusOf('anouk', 'boekstart')).toBe('in_progress');

    // The fetch URL works once; then it answers cmi5's error structure, with 200 as cmi5 8.2.2 asks.
    const again = await t.http(null).post(parameters.fetch.slice(publicUrl.length));
    expect(again.status).toBe(200);
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(again.body).toEqual({ 'error-code': '1', 'error-text': expect.any(String) });

    await unit.progress(50);
    await unit.complete();
    expect(await statusOf('anouk', 'boekstart')).toBe('completed');
    await unit.terminate();

    const statements = await statementsOf(registration);
    expect(statements.map((s) => s.verb.id)).toEqual([
      adlVerb('launched'),
      adlVerb('initialized'),
      adlVerb('progressed'),
      adlVerb('completed'),
      cmi5Verb('satisfied'),
      adlVerb('terminated'),
    ]);
    for (const statement of statements) {
      expect(statement.context?.registration).toBe(registration);
      expect(sessionIdOf(statement)).toBe(sessionId);
      expect(statement.object).toMatchObject({ id: iris.boekstart });
    }
    const [launchedStatement] = statements;
    expect(categoriesOf(launchedStatement as Statement)).toContain(
      'https://w3id.org/xapi/cmi5/context/categories/cmi5',
    );
    expect(launchedStatement?.context?.extensions).toMatchObject({
      'https://w3id.org/xapi/cmi5/context/extensions/launchmode': 'Normal',
      'https://w3id.org/xapi/cmi5/context/extensions/moveon': 'CompletedOrPassed',
      'https://w3id.org/xapi/cmi5/context/extensions/launchurl': launchUrlOf('boekstart'),
    });

    // A terminated session's token is spent.
    const spent = new XAPI({ endpoint: parameters.endpoint, auth: `Basic ${unit.getAuthToken()}` });
    await expect(spent.getStatements({ registration })).rejects.toMatchObject({ response: { status: 401 } });

    // The second module passes with a score: passed meets CompletedOrPassed as well.
    const second = new Cmi5(parametersOf((await launch('anouk', 'bibliotheek-op-school')).body.url));
    await second.initialize();
    await second.pass(0.8);
    await second.terminate();
    const after = await enrolment('anouk');
    expect(after.progress.find((p) => p.code === 'bibliotheek-op-school')).toMatchObject({
      status: 'completed',
      score: 0.8,
    });
    expect(after.completion).toEqual({ eligible: true, missing: [] });
  });

  it('writes LaunchData in each launch mode, and keeps a learner\u2019s own preferences', async () => {
    const agent = { objectType: 'Agent', account: { homePage: publicUrl, name: people.bram.id } };
    const own = await t
      .http()
      .put(
        `/v1/xapi/agents/profile?agent=${encodeURIComponent(JSON.stringify(agent))}&profileId=cmi5LearnerPreferences`,
      )
      .set('x-experience-api-version', '1.0.3')
      .set('content-type', 'application/json')
      .set('if-none-match', '*')
      .send({ languagePreference: 'en-US', audioPreference: 'off' });
    expect(own.status, JSON.stringify(own.body)).toBe(204);
    for (const launchMode of ['Normal', 'Browse', 'Review'] as const) {
      const launched = await launch('bram', 'boekstart', { launchMode, returnUrl: 'https://loket.example/admin/' });
      expect(launched.status).toBe(201);
      expect(launched.body.launchMode).toBe(launchMode);
      const unit = new Cmi5(parametersOf(launched.body.url));
      await unit.initialize();
      expect(unit.getLaunchData()).toMatchObject({ launchMode, returnURL: 'https://loket.example/admin/' });
      expect(unit.getLearnerPreferences()).toEqual({ languagePreference: 'en-US', audioPreference: 'off' });
      await unit.terminate();
    }
    expect(await statusOf('bram', 'boekstart')).toBe('in_progress');
  });
});

describe('waive and abandon', () => {
  it('waives a module for staff: waived and satisfied statements, the module completed, audited', async () => {
    const byParticipant = await t
      .http(people.carla.token)
      .post(`/v1/enrolments/${people.carla.enrolmentId}/modules/boekstart/waive`)
      .send({ reason: 'Tested Out' });
    expectProblem(byParticipant, 403);

    const waived = await t
      .http(tokens.coordinator)
      .post(`/v1/enrolments/${people.carla.enrolmentId}/modules/boekstart/waive`)
      .send({ reason: 'Equivalent Outside Activity' });
    expect(waived.status, JSON.stringify(waived.body)).toBe(200);
    expect(waived.body.progress.find((p: { code: string }) => p.code === 'boekstart').status).toBe('completed');
    const statements = await statementsOf(people.carla.enrolmentId);
    expect(statements.map((s) => s.verb.id)).toEqual([cmi5Verb('waived'), cmi5Verb('satisfied')]);
    expect(statements[0]?.result).toMatchObject({
      success: true,
      completion: true,
      extensions: { 'https://w3id.org/xapi/cmi5/result/extensions/reason': 'Equivalent Outside Activity' },
    });
    expect(categoriesOf(statements[0] as Statement)).toContain('https://w3id.org/xapi/cmi5/context/categories/moveon');
    expect(sessionIdOf(statements[1] as Statement)).toBe(sessionIdOf(statements[0] as Statement));
    const audited = await t.database.connection.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'cmi5.waived'));
    expect(audited).toHaveLength(1);

    const twice = await t
      .http(tokens.coordinator)
      .post(`/v1/enrolments/${people.carla.enrolmentId}/modules/boekstart/waive`)
      .send({ reason: 'Tested Out' });
    expectProblem(twice, 409, 'module-completed');
  });

  it('abandons a running session: its token stops working, an abandoned statement with its duration', async () => {
    const launched = await launch('carla', 'bibliotheek-op-school');
    const parameters = parametersOf(launched.body.url);
    const unit = new Cmi5(parameters);
    await unit.initialize();

    const byParticipant = await t
      .http(people.carla.token)
      .post(`/v1/cmi5/sessions/${launched.body.sessionId}/abandon`)
      .send();
    expectProblem(byParticipant, 403);
    const elsewhere = await t
      .http(tokens.otherCoordinator)
      .post(`/v1/cmi5/sessions/${launched.body.sessionId}/abandon`)
      .send();
    expectProblem(elsewhere, 404);

    const abandoned = await t
      .http(tokens.coordinator)
      .post(`/v1/cmi5/sessions/${launched.body.sessionId}/abandon`)
      .send();
    expect(abandoned.status, JSON.stringify(abandoned.body)).toBe(200);
    expect(abandoned.body).toMatchObject({
      id: launched.body.sessionId,
      status: 'abandoned',
      moduleCode: 'bibliotheek-op-school',
    });
    const [statement] = await statementsOf(people.carla.enrolmentId, cmi5Verb('abandoned'));
    expect(sessionIdOf(statement as Statement)).toBe(launched.body.sessionId);
    expect(statement?.result?.duration).toMatch(/^PT\d+(\.\d+)?S$/);
    await expect(unit.complete()).rejects.toMatchObject({ response: { status: 401 } });
    expect(await statusOf('carla', 'bibliotheek-op-school')).toBe('in_progress');

    const twice = await t.http(tokens.coordinator).post(`/v1/cmi5/sessions/${launched.body.sessionId}/abandon`).send();
    expectProblem(twice, 409, 'session-ended');
  });

  it('answers a fetch URL of an abandoned session, or one Loket never made, with cmi5\u2019s error structure', async () => {
    const launched = await launch('carla', 'bibliotheek-op-school');
    await t.http(tokens.coordinator).post(`/v1/cmi5/sessions/${launched.body.sessionId}/abandon`).send().expect(200);
    const fetchPath = parametersOf(launched.body.url).fetch.slice(publicUrl.length);
    const used = await t.http(null).post(fetchPath);
    expect(used.status).toBe(200);
    expect(used.body['error-code']).toBe('1');
    expect(used.body['auth-token']).toBeUndefined();
    const unknown = await t.http(null).post('/v1/cmi5/fetch/verzonnen');
    expect(unknown.status).toBe(200);
    expect(unknown.body['error-code']).toBe('2');
  });
});

describe('scope, errors and retries', () => {
  it('lets a participant launch only their own enrolment, and staff only within their scope', async () => {
    expectProblem(await launch('bram', 'boekstart', {}, people.anouk.token), 404);
    expectProblem(await launch('dirk', 'boekstart', {}, tokens.coordinator), 404);
    const byCoordinator = await launch('bram', 'boekstart', {}, tokens.coordinator);
    expect(byCoordinator.status).toBe(201);
    expectProblem(
      await t.http(null).post(`/v1/enrolments/${people.bram.enrolmentId}/modules/boekstart/launch`).send({}),
      401,
    );
  });

  it('refuses a module the enrolment does not follow, a wrong launch mode, and a withdrawn enrolment', async () => {
    expectProblem(await launch('bram', 'nieuwe-klanten'), 404);
    expectProblem(await launch('bram', 'boekstart', { launchMode: 'Preview' }), 422);
    await t.http().patch(`/v1/enrolments/${people.dirk.enrolmentId}`).send({ status: 'withdrawn' }).expect(200);
    expectProblem(await launch('dirk', 'boekstart'), 409, 'enrolment-withdrawn');
  });

  it('answers a module without e-learning with 409', async () => {
    await t.database.connection.db.update(modules).set({ launchUrl: null }).where(eq(modules.code, 'boekstart'));
    try {
      expectProblem(await launch('bram', 'boekstart'), 409, 'not-launchable');
    } finally {
      await t.database.connection.db
        .update(modules)
        .set({ launchUrl: launchUrlOf('boekstart') })
        .where(eq(modules.code, 'boekstart'));
    }
  });

  it('launches once per Idempotency-Key: a retry gets the same launch URL', async () => {
    const sessionsBefore = await t.database.connection.db.select().from(cmi5Sessions);
    const first = await t
      .http(people.bram.token)
      .post(`/v1/enrolments/${people.bram.enrolmentId}/modules/boekstart/launch`)
      .set('idempotency-key', 'start-boekstart-1')
      .send({});
    const retry = await t
      .http(people.bram.token)
      .post(`/v1/enrolments/${people.bram.enrolmentId}/modules/boekstart/launch`)
      .set('idempotency-key', 'start-boekstart-1')
      .send({});
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    const sessionsAfter = await t.database.connection.db.select().from(cmi5Sessions);
    expect(sessionsAfter.length).toBe(sessionsBefore.length + 1);
  });
});

describe('a module\u2019s e-learning from an imported course package', () => {
  it('launches the linked unit for the participant, with its course structure\u2019s settings, and completes the module', async () => {
    const courseId = await courseInDatabase(t.database.connection.db, 'https://uitgever.example/boekstart', [
      {
        publisherId: 'https://uitgever.example/boekstart/au',
        url: 'boekstart/index.html',
        moveOn: 'CompletedOrPassed',
        masteryScore: 0.7,
      },
    ]);
    const boekstart = (
      (await t.http().get('/v1/modules?limit=10')).body.data as Array<{ id: string; code: string }>
    ).find((m) => m.code === 'boekstart');
    const linked = await t.http().put(`/v1/modules/${boekstart?.id}/assignable-unit`).send({ courseId, position: 0 });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    const served = `${publicUrl}/cmi5/courses/${courseId}/files/boekstart/index.html`;
    expect(linked.body).toMatchObject({ launchUrl: served });
    expectProblem(
      await t.http().put(`/v1/modules/${boekstart?.id}/assignable-unit`).send({ courseId, position: 3 }),
      404,
    );
    expectProblem(
      await t
        .http(people.anouk.token)
        .put(`/v1/modules/${boekstart?.id}/assignable-unit`)
        .send({ courseId, position: 0 }),
      403,
    );

    const participant = await post('/v1/participants', {
      organisationId: ids.library,
      givenName: 'Eva',
      familyName: 'de Vries',
      email: 'eva.devries@arnhem.example',
    });
    const enrolled = await post('/v1/enrolments', { cohortId: ids.cohort, participantId: participant.id });
    const token = await t.tokenFor('participant', { participantId: participant.id });
    const own = await t.http(token).get(`/v1/enrolments/${enrolled.id}`);
    expect(own.body.progress.find((p: { code: string }) => p.code === 'boekstart')).toMatchObject({
      launchUrl: served,
    });

    const launched = await t.http(token).post(`/v1/enrolments/${enrolled.id}/modules/boekstart/launch`).send({});
    expect(launched.status).toBe(201);
    expect(launched.body.url.startsWith(`${served}?`)).toBe(true);
    const unit = new Cmi5(parametersOf(launched.body.url));
    await unit.initialize();
    expect(unit.getLaunchData()).toMatchObject({
      contextTemplate: { contextActivities: { grouping: [{ id: 'https://uitgever.example/boekstart/au' }] } },
      masteryScore: 0.7,
    });
    await unit.pass(0.9);
    await unit.terminate();
    const progress = (await t.http(token).get(`/v1/enrolments/${enrolled.id}`)).body.progress as Array<{
      code: string;
      status: string;
    }>;
    expect(progress.find((p) => p.code === 'boekstart')?.status).toBe('completed');

    const unlinked = await t.http().delete(`/v1/modules/${boekstart?.id}/assignable-unit`);
    expect(unlinked.status).toBe(200);
    expect(unlinked.body).toMatchObject({ assignableUnitId: null, launchUrl: launchUrlOf('boekstart') });
  });
});
