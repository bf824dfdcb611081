import XAPI, { type Statement } from '@xapi/xapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import XMLHttpRequest from 'xhr2';
import { startTestApp, type TestApp } from '../support/app';
import { courseInDatabase, parametersOf } from '../support/cmi5';
import { expectProblem } from '../support/expectations';
import { freePort } from '../support/ports';

/**
 * Loket as a cmi5 LMS for imported courses, driven by xAPI.js's cmi5 library (@xapi/cmi5) as an
 * assignable unit: launches for any learner in registrations of their own, the LRS holding the
 * unit's statements to cmi5's rules, and `satisfied` for blocks and the course as their units are met.
 * The course is written straight into the database here; importing packages is tested on its own.
 */
let t: TestApp;
let publicUrl: string;
let courseId: string;
let notApplicableCourseId: string;
const learner = { objectType: 'Agent', account: { homePage: 'https://leerplatform.example', name: 'proef-1' } };
const block = 'https://cursus.example/lfb/blok/basis';
const units = ['https://cursus.example/lfb/au/intro', 'https://cursus.example/lfb/au/afsluiting'];

const cmi5Verb = (name: string) => `https://w3id.org/xapi/adl/verbs/${name}`;
const adlVerb = (name: string) => `http://adlnet.gov/expapi/verbs/${name}`;
const sessionIdOf = (s: Statement) =>
  s.context?.extensions?.['https://w3id.org/xapi/cmi5/context/extensions/sessionid'] as string | undefined;

const launch = (position: number, body: object = {}, course = courseId) =>
  t
    .http()
    .post(`/v1/cmi5/courses/${course}/assignable-units/${position}/launch`)
    .send({ actor: learner, ...body });

async function statementsOf(registration: string): Promise<Statement[]> {
  const query = new URLSearchParams({ registration, ascending: 'true', limit: '100' });
  const response = await t.http().get(`/v1/xapi/statements?${query}`).set('x-experience-api-version', '1.0.3');
  expect(response.status).toBe(200);
  return response.body.statements;
}

let Cmi5: typeof import('@xapi/cmi5/dist/Cmi5.esm.js').default;

/** A unit started as a browser would: fetch the token, read LaunchData, send initialized. */
async function startedUnit(url: string) {
  const unit = new Cmi5(parametersOf(url));
  await unit.initialize();
  return unit;
}

/** A statement in the unit's session, as the unit would make it, for sending by hand. */
function ownStatement(unit: InstanceType<typeof Cmi5>, verb: string, extra: Partial<Statement> = {}): Statement {
  const launchData = unit.getLaunchData();
  const parameters = unit.getLaunchParameters();
  return {
    id: crypto.randomUUID(),
    timestamp: new Date().toISOString(),
    actor: parameters.actor,
    verb: { id: verb },
    object: { id: parameters.activityId },
    ...extra,
    context: {
      ...launchData.contextTemplate,
      registration: parameters.registration,
      contextActivities: {
        ...launchData.contextTemplate.contextActivities,
        category: [
          { id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' },
          { id: 'https://w3id.org/xapi/cmi5/context/categories/moveon' },
        ],
      },
    },
  } as Statement;
}

const lrsOf = (unit: InstanceType<typeof Cmi5>) =>
  new XAPI({ endpoint: unit.getLaunchParameters().endpoint, auth: `Basic ${unit.getAuthToken()}` });

beforeAll(async () => {
  Object.assign(globalThis, { XMLHttpRequest });
  Cmi5 = (await import('@xapi/cmi5/dist/Cmi5.esm.js')).default;
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  t = await startTestApp({ publicUrl, content: false });
  const db = t.database.connection.db;
  courseId = await courseInDatabase(db, 'https://cursus.example/lfb/cursus', [
    {
      publisherId: units[0] as string,
      url: 'https://cursus.example/lfb/0/index.html?taal=nl',
      moveOn: 'CompletedAndPassed',
      masteryScore: 0.8,
      launchParameters: 'niveau=1',
      entitlementKey: 'licentie-42',
      blocks: [block],
    },
    { publisherId: units[1] as string, url: 'afsluiting/index.html?stap=1' },
  ]);
  notApplicableCourseId = await courseInDatabase(db, 'https://cursus.example/lfb/info', [
    {
      publisherId: 'https://cursus.example/lfb/info/au',
      url: 'https://cursus.example/lfb/info/index.html',
      moveOn: 'NotApplicable',
      launchMethod: 'OwnWindow',
      blocks: ['https://cursus.example/lfb/info/blok'],
    },
  ]);
  await t.app.listen({ port, host: '127.0.0.1' });
});

afterAll(async () => {
  await t?.close();
});

describe('POST /v1/cmi5/courses/{id}/assignable-units/{position}/launch', () => {
  it('launches for any learner: a new registration, LaunchData from the course structure, a launched statement', async () => {
    const response = await launch(0);
    expect(response.status).toBe(201);
    const { url, registration, activityId, sessionId } = response.body;
    expect(activityId).toBe(`${publicUrl}/xapi/cmi5/courses/${courseId}/assignable-units/0`);
    expect(url.startsWith('https://cursus.example/lfb/0/index.html?taal=nl&')).toBe(true);
    expect(parametersOf(url)).toMatchObject({ actor: learner, registration, activityId });

    const unit = await startedUnit(url);
    expect(unit.getLaunchData()).toMatchObject({
      contextTemplate: {
        contextActivities: { grouping: [{ id: units[0] }] },
        extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': sessionId },
      },
      launchMode: 'Normal',
      moveOn: 'CompletedAndPassed',
      masteryScore: 0.8,
      launchParameters: 'niveau=1',
      entitlementKey: { courseStructure: 'licentie-42' },
    });
    const [launched] = await statementsOf(registration);
    expect(launched?.verb.id).toBe(adlVerb('launched'));
    expect(launched?.actor).toEqual(learner);
    expect(launched?.context?.extensions).toMatchObject({
      'https://w3id.org/xapi/cmi5/context/extensions/masteryscore': 0.8,
      'https://w3id.org/xapi/cmi5/context/extensions/launchparameters': 'niveau=1',
      'https://w3id.org/xapi/cmi5/context/extensions/moveon': 'CompletedAndPassed',
    });
  });

  it('serves a relative unit URL from the course files', async () => {
    const response = await launch(1);
    expect(response.status).toBe(201);
    expect(
      response.body.url.startsWith(`${publicUrl}/cmi5/courses/${courseId}/files/afsluiting/index.html?stap=1&`),
    ).toBe(true);
  });

  it('satisfies the block, then the course, as their units meet moveOn, in the session that met it', async () => {
    const first = (await launch(0)).body;
    const unit = await startedUnit(first.url);
    await unit.complete();
    await unit.pass(0.9);
    await unit.terminate();
    let verbs = (await statementsOf(first.registration)).map((s) => [s.verb.id, s.object]);
    expect(verbs.map(([verb]) => verb)).toEqual([
      adlVerb('launched'),
      adlVerb('initialized'),
      adlVerb('completed'),
      adlVerb('passed'),
      cmi5Verb('satisfied'),
      adlVerb('terminated'),
    ]);
    const statements = await statementsOf(first.registration);
    const satisfied = statements[4] as Statement;
    expect(satisfied.object).toMatchObject({
      id: `${publicUrl}/xapi/cmi5/courses/${courseId}/blocks/${encodeURIComponent(block)}`,
      definition: { type: 'https://w3id.org/xapi/cmi5/activitytype/block' },
    });
    expect(satisfied.context?.contextActivities?.grouping).toEqual([{ id: block }]);
    expect(sessionIdOf(satisfied)).toBe(first.sessionId);

    // The second unit, in the same registration, completes the course.
    const second = (await launch(1, { registration: first.registration })).body;
    expect(second.registration).toBe(first.registration);
    const closing = await startedUnit(second.url);
    await closing.complete();
    verbs = (await statementsOf(first.registration)).slice(6).map((s) => [s.verb.id, s.object]);
    expect(verbs.map(([verb]) => verb)).toEqual([
      adlVerb('launched'),
      adlVerb('initialized'),
      adlVerb('completed'),
      cmi5Verb('satisfied'),
    ]);
    expect(verbs[3]?.[1]).toMatchObject({
      id: `${publicUrl}/xapi/cmi5/courses/${courseId}`,
      definition: { type: 'https://w3id.org/xapi/cmi5/activitytype/course' },
    });
  });

  it('satisfies what needs nothing as the registration is made, before the launch', async () => {
    const response = await launch(0, {}, notApplicableCourseId);
    expect(response.status).toBe(201);
    const statements = await statementsOf(response.body.registration);
    expect(statements.map((s) => s.verb.id)).toEqual([
      cmi5Verb('satisfied'),
      cmi5Verb('satisfied'),
      adlVerb('launched'),
    ]);
    expect(statements[0]?.context?.contextActivities?.grouping).toEqual([
      { id: 'https://cursus.example/lfb/info/blok' },
    ]);
    expect(statements[1]?.context?.contextActivities?.grouping).toEqual([{ id: 'https://cursus.example/lfb/info' }]);
  });

  it('refuses a registration of another learner or course, an unknown unit, and a group as learner', async () => {
    const first = (await launch(0)).body;
    const stranger = { objectType: 'Agent', mbox: 'mailto:iemand@elders.example' };
    expectProblem(await launch(0, { actor: stranger, registration: first.registration }), 409, 'registration-mismatch');
    expectProblem(
      await launch(0, { registration: first.registration }, notApplicableCourseId),
      409,
      'registration-mismatch',
    );
    expectProblem(await launch(7), 404, 'not-found');
    expectProblem(await launch(0, { actor: { objectType: 'Group', mbox: 'mailto:team@elders.example' } }), 422);
  });
});

describe('the LRS holds a unit to cmi5', () => {
  const refused = async (sending: Promise<unknown>, requirement: string) => {
    const error = (await sending.then(
      () => undefined,
      (e: { response?: { status: number; data: { requirement?: string } } }) => e,
    )) as { response?: { status: number; data: { requirement?: string } } } | undefined;
    expect(error?.response?.status, `expected 403 for ${requirement}`).toBe(403);
    expect(error?.response?.data.requirement).toBe(requirement);
  };

  it('refuses a statement without context, a passed below the mastery score, a second completed', async () => {
    const unit = await startedUnit((await launch(0)).body.url);
    const contextless = ownStatement(unit, adlVerb('passed'), {
      result: { success: true, duration: 'PT1S', score: { scaled: 0.9 } },
    });
    delete contextless.context;
    await refused(lrsOf(unit).sendStatement({ statement: contextless }), '9.6.0.0-1');
    const belowMastery = ownStatement(unit, adlVerb('passed'), {
      result: { success: true, duration: 'PT1S', score: { scaled: 0.5 } },
    });
    (belowMastery.context as { extensions: Record<string, unknown> }).extensions[
      'https://w3id.org/xapi/cmi5/context/extensions/masteryscore'
    ] = 0.8;
    await refused(lrsOf(unit).sendStatement({ statement: belowMastery }), '9.3.4.0-2');
    await unit.complete();
    await refused(unit.complete(), '9.3.0.0-2');
  });

  it('refuses a statement sent before initialized', async () => {
    const launched = (await launch(0)).body;
    const parameters = parametersOf(launched.url);
    // What a unit has before it sends initialized: the auth token from the fetch URL.
    const token = (await fetch(parameters.fetch, { method: 'POST' }).then((r) => r.json())) as Record<string, string>;
    const lrs = new XAPI({ endpoint: parameters.endpoint, auth: `Basic ${token['auth-token']}` });
    const statement = {
      id: crypto.randomUUID(),
      timestamp: new Date().toISOString(),
      actor: learner,
      verb: { id: adlVerb('experienced') },
      object: { id: launched.activityId },
      context: {
        registration: launched.registration,
        extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': launched.sessionId },
      },
    } as Statement;
    await refused(lrs.sendStatement({ statement }), '9.3.0.0-4');
  });

  it('refuses completed in Browse mode, and LaunchData written by the unit', async () => {
    const { url } = (await launch(0, { launchMode: 'Browse' })).body;
    const unit = await startedUnit(url);
    // The library keeps to Browse mode itself; a unit that does not is refused by the LRS.
    const completed = ownStatement(unit, adlVerb('completed'), { result: { completion: true, duration: 'PT5S' } });
    await refused(lrsOf(unit).sendStatement({ statement: completed }), '10.2.2.0-2');
    const parameters = unit.getLaunchParameters();
    const write = await fetch(
      `${parameters.endpoint}activities/state?${new URLSearchParams({
        activityId: parameters.activityId,
        agent: JSON.stringify(parameters.actor),
        registration: parameters.registration,
        stateId: 'LMS.LaunchData',
      })}`,
      {
        method: 'PUT',
        headers: {
          authorization: `Basic ${unit.getAuthToken()}`,
          'x-experience-api-version': '1.0.3',
          'content-type': 'application/json',
        },
        body: '{}',
      },
    );
    expect(write.status).toBe(403);
    expect(((await write.json()) as { requirement: string }).requirement).toBe('10.2.1.0-5');
  });

  it('keeps what one session said for the next: a second completed in the registration is refused', async () => {
    const first = (await launch(1)).body;
    const unit = await startedUnit(first.url);
    await unit.complete();
    await unit.terminate();
    const again = await startedUnit((await launch(1, { registration: first.registration })).body.url);
    await refused(again.complete(), '9.3.0.0-6');
  });
});

describe('waive and abandon', () => {
  it('waives a unit: waived with the reason and moveOn category, then what it satisfies', async () => {
    const { registration } = (await launch(1)).body;
    const response = await t
      .http()
      .post(`/v1/cmi5/registrations/${registration}/assignable-units/1/waive`)
      .send({ reason: 'Administrative' });
    expect(response.status).toBe(200);
    const statements = await statementsOf(registration);
    const waived = statements.find((s) => s.verb.id === cmi5Verb('waived')) as Statement;
    expect(waived.result).toMatchObject({
      success: true,
      completion: true,
      extensions: { 'https://w3id.org/xapi/cmi5/result/extensions/reason': 'Administrative' },
    });
    expect(waived.context?.contextActivities?.category).toContainEqual({
      id: 'https://w3id.org/xapi/cmi5/context/categories/moveon',
    });
    // Unit 0's block is not met, so neither is the course.
    expect(statements.filter((s) => s.verb.id === cmi5Verb('satisfied'))).toEqual([]);
    expectProblem(
      await t
        .http()
        .post(`/v1/cmi5/registrations/${registration}/assignable-units/1/waive`)
        .send({ reason: 'Administrative' }),
      409,
      'unit-waived',
    );
    expectProblem(
      await t
        .http()
        .post(`/v1/cmi5/registrations/${crypto.randomUUID()}/assignable-units/1/waive`)
        .send({ reason: 'Administrative' }),
      404,
    );
  });

  it('abandons a running session: abandoned with its duration, and its token stops working', async () => {
    const { url, sessionId, registration } = (await launch(0)).body;
    const unit = await startedUnit(url);
    const response = await t.http().post(`/v1/cmi5/course-sessions/${sessionId}/abandon`).send();
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: sessionId, registration, status: 'abandoned' });
    const abandoned = (await statementsOf(registration)).at(-1) as Statement;
    expect(abandoned.verb.id).toBe(cmi5Verb('abandoned'));
    expect(abandoned.result?.duration).toMatch(/^PT/);
    await expect(unit.complete()).rejects.toMatchObject({ response: { status: 401 } });
    expectProblem(await t.http().post(`/v1/cmi5/course-sessions/${sessionId}/abandon`).send(), 409, 'session-ended');
  });
});
