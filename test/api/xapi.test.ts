import { xapiStatements } from '@loket/db';
import XAPI, { type Statement, type StatementsResponse } from '@xapi/xapi';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { activityIris, xapiEndpoint } from '../support/xapi';

/**
 * The statement resource of xAPI, spoken to by the xAPI.js client as an e-learning player would:
 * over a real port, with the participant's access token.
 */
let t: TestApp;
let endpoint: string;
const publicUrl = 'http://localhost:3000';
const verb = (name: string) => ({ id: `http://adlnet.gov/expapi/verbs/${name}`, display: { 'en-US': name } });
const ids = {} as Record<'library' | 'otherLibrary' | 'cohort' | 'plannedCohort', string>;
const people = {} as Record<'anouk' | 'bram' | 'carla', { id: string; email: string; enrolmentId: string }>;
const tokens = {} as Record<'anouk' | 'bram' | 'carla' | 'coordinator' | 'otherCoordinator' | 'client', string>;
const iris = {} as Record<'landelijkeContext' | 'boekstart' | 'digitaalhuis', string>;

async function post(url: string, body: object) {
  const response = await t.http().post(url).send(body);
  expect(response.status, `${url}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

const player = (token: string) => new XAPI({ endpoint, auth: `Bearer ${token}` });

const account = (participantId: string) => ({
  objectType: 'Agent' as const,
  account: { homePage: publicUrl, name: participantId },
});

function statement(participantId: string, verbName: string, activityIri: string, extra: Partial<Statement> = {}) {
  return {
    actor: account(participantId),
    verb: verb(verbName),
    object: { objectType: 'Activity', id: activityIri },
    ...extra,
  } as Statement;
}

/** The HTTP status a client call ended with, whether it succeeded or threw. */
async function statusOf(call: Promise<{ status: number }>) {
  try {
    return (await call).status;
  } catch (error) {
    return (error as { response?: { status: number } }).response?.status ?? -1;
  }
}

async function progressOf(person: keyof typeof people, code: string) {
  const response = await t.http().get(`/v1/enrolments/${people[person].enrolmentId}`);
  expect(response.status).toBe(200);
  const progress = (response.body.progress as Array<{ code: string; status: string; score: number | null }>).find(
    (p) => p.code === code,
  );
  return { ...progress, enrolmentStatus: response.body.status as string };
}

async function rowsWithId(id: string) {
  const [row] = await t.database.connection.db
    .select({ n: count() })
    .from(xapiStatements)
    .where(eq(xapiStatements.id, id));
  return row?.n ?? 0;
}

async function storedCount() {
  const [row] = await t.database.connection.db.select({ n: count() }).from(xapiStatements);
  return row?.n ?? 0;
}

/** A request straight to the statement resource, as a player that speaks xAPI 1.0.3. */
const xapi = (token: string | null) => ({
  get: (url: string) => t.http(token).get(url).set('x-experience-api-version', '1.0.3'),
  put: (url: string, body: object) => t.http(token).put(url).set('x-experience-api-version', '1.0.3').send(body),
  post: (body: object) => t.http(token).post('/v1/xapi/statements').set('x-experience-api-version', '1.0.3').send(body),
});

beforeAll(async () => {
  t = await startTestApp();
  const poi = await post('/v1/organisations', { kind: 'poi', name: 'ProBiblio', parentId: t.kb.id });
  ids.library = (
    await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Hilversum', parentId: poi.id })
  ).id;
  ids.otherLibrary = (
    await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Gooi en Meer', parentId: poi.id })
  ).id;
  const cohort = await post('/v1/cohorts', {
    organisationId: ids.library,
    phase: 'pilot',
    startsOn: '2018-11-05',
    endsOn: '2019-02-05',
    moduleCodes: ['landelijke-context', 'boekstart'],
  });
  ids.cohort = cohort.id;
  const running = await t.http().patch(`/v1/cohorts/${ids.cohort}`).send({ status: 'running' });
  expect(running.status, JSON.stringify(running.body)).toBe(200);
  ids.plannedCohort = (
    await post('/v1/cohorts', {
      organisationId: ids.library,
      name: 'Pilot Hilversum, tweede groep',
      phase: 'pilot',
      startsOn: '2019-03-04',
      endsOn: '2019-06-04',
      moduleCodes: ['boekstart'],
    })
  ).id;
  const enrol = async (key: keyof typeof people, givenName: string, cohortId: string) => {
    const email = `${givenName.toLowerCase()}@hilversum.example`;
    const participant = await post('/v1/participants', {
      organisationId: ids.library,
      givenName,
      familyName: 'Jansen',
      email,
    });
    const enrolment = await post('/v1/enrolments', { cohortId, participantId: participant.id });
    people[key] = { id: participant.id, email, enrolmentId: enrolment.id };
    tokens[key] = await t.tokenFor('participant', { participantId: participant.id });
  };
  await enrol('anouk', 'Anouk', ids.cohort);
  await enrol('bram', 'Bram', ids.cohort);
  await enrol('carla', 'Carla', ids.plannedCohort);
  tokens.coordinator = await t.tokenFor('coordinator', { organisationId: ids.library });
  tokens.otherCoordinator = await t.tokenFor('coordinator', { organisationId: ids.otherLibrary });
  const client = await post('/v1/api-clients', { name: 'Leerplatform', scopes: ['write:progress'] });
  const token = await t
    .http(null)
    .post('/v1/auth/token')
    .type('form')
    .send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
  expect(token.status, JSON.stringify(token.body)).toBe(200);
  tokens.client = token.body.access_token;

  const iriOf = await activityIris(t);
  iris.landelijkeContext = iriOf('landelijke-context');
  iris.boekstart = iriOf('boekstart');
  iris.digitaalhuis = iriOf('digitaalhuis');

  endpoint = await xapiEndpoint(t);
});

afterAll(async () => {
  await t.close();
});

describe('GET /v1/xapi/about', () => {
  it('names the version this LRS speaks, to anyone', async () => {
    const response = await new XAPI({ endpoint }).getAbout();
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ version: ['1.0.3'] });
    expect(response.headers['x-experience-api-version']).toBe('1.0.3');
  });
});

describe('POST /v1/xapi/statements', () => {
  it('marks a module in progress when the player reports it initialized', async () => {
    const response = await player(tokens.anouk).sendStatement({
      statement: statement(people.anouk.id, 'initialized', iris.landelijkeContext),
    });
    expect(response.status).toBe(200);
    expect(response.headers['x-experience-api-version']).toBe('1.0.3');
    expect(response.data).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    expect(await rowsWithId(response.data[0] ?? '')).toBe(1);
    expect(await progressOf('anouk', 'landelijke-context')).toMatchObject({
      status: 'in_progress',
      enrolmentStatus: 'active',
    });
  });

  it('completes a module with the scaled score of a completed statement', async () => {
    const response = await player(tokens.anouk).sendStatement({
      statement: statement(people.anouk.id, 'completed', iris.landelijkeContext, {
        result: { score: { scaled: 0.85 }, completion: true },
      }),
    });
    expect(response.status).toBe(200);
    expect(await progressOf('anouk', 'landelijke-context')).toMatchObject({ status: 'completed', score: 0.85 });
  });

  it('knows the learner by email address too, whatever its case', async () => {
    const response = await player(tokens.anouk).sendStatement({
      statement: {
        actor: { mbox: `mailto:${people.anouk.email.toUpperCase()}` },
        verb: verb('progressed'),
        object: { id: iris.boekstart },
      },
    });
    expect(response.status).toBe(200);
    expect((await progressOf('anouk', 'boekstart')).status).toBe('in_progress');
  });

  it('keeps a completed module completed when a later statement says progressed', async () => {
    const response = await player(tokens.anouk).sendStatement({
      statement: statement(people.anouk.id, 'progressed', iris.landelijkeContext),
    });
    expect(response.status).toBe(200);
    expect(await rowsWithId(response.data[0] ?? '')).toBe(1);
    expect(await progressOf('anouk', 'landelijke-context')).toMatchObject({ status: 'completed', score: 0.85 });
  });

  it('stores other verbs without moving progress', async () => {
    const response = await player(tokens.bram).sendStatement({
      statement: statement(people.bram.id, 'experienced', iris.boekstart),
    });
    expect(response.status).toBe(200);
    expect((await progressOf('bram', 'boekstart')).status).toBe('not_started');
  });

  it('accepts a statement sent again with the same id once, and refuses other content under that id', async () => {
    const id = '6fa459ea-ee8a-4ca4-894e-db77e160355e';
    const first = statement(people.bram.id, 'initialized', iris.landelijkeContext, { id });
    const client = player(tokens.bram);
    expect((await client.sendStatement({ statement: first })).data).toEqual([id]);
    const again = await client.sendStatement({ statement: { ...first, timestamp: new Date().toISOString() } });
    expect(again.status).toBe(200);
    expect(again.data).toEqual([id]);
    expect(await rowsWithId(id)).toBe(1);

    const other = { ...first, verb: verb('completed') };
    expect(await statusOf(client.sendStatement({ statement: other }))).toBe(409);
    const problem = expectProblem(await xapi(tokens.bram).post(other), 409, 'statement-conflict');
    expect(problem.errors).toEqual([{ path: '/id', message: expect.any(String) }]);
    expect(await rowsWithId(id)).toBe(1);
    expect((await progressOf('bram', 'landelijke-context')).status).toBe('in_progress');
  });

  it('stores a batch in order, all or nothing', async () => {
    const before = await storedCount();
    const batch = [
      statement(people.bram.id, 'completed', iris.landelijkeContext),
      { ...statement(people.bram.id, 'completed', iris.boekstart), verb: { id: 'not an iri' } },
    ];
    const invalid = expectProblem(await xapi(tokens.bram).post(batch), 400, 'validation');
    expect(invalid.errors).toEqual([{ path: '/1/verb/id', message: expect.any(String) }]);

    const id = '5b0a8c4e-7d2f-4e1a-9c3b-1f2e3d4c5b6a';
    const twice = [{ ...batch[0], id }, { ...batch[0], id }, null];
    const repeated = expectProblem(await xapi(tokens.bram).post(twice), 400, 'validation');
    expect(repeated.errors?.map((e) => e.path)).toEqual(['/2', '/1/id']);

    expect(await storedCount()).toBe(before);
    expect((await progressOf('bram', 'landelijke-context')).status).toBe('in_progress');

    const stored = await player(tokens.bram).sendStatements({
      statements: [
        statement(people.bram.id, 'initialized', iris.boekstart),
        statement(people.bram.id, 'passed', iris.boekstart, { result: { score: { scaled: 0.7 } } }),
      ],
    });
    expect(stored.data).toHaveLength(2);
    expect(await storedCount()).toBe(before + 2);
    expect(await progressOf('bram', 'boekstart')).toMatchObject({ status: 'completed', score: 0.7 });
  });

  it('names every problem of an invalid statement, with the place of each', async () => {
    const response = await xapi(tokens.anouk).post({
      id: 'not-a-uuid',
      actor: account(people.anouk.id),
      verb: verb('completed'),
      object: { id: iris.boekstart },
      result: { score: { scaled: 1.5 } },
    });
    const problem = expectProblem(response, 400, 'validation');
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['/id', '/result/score/scaled']);
    expect(response.headers['x-experience-api-version']).toBe('1.0.3');
  });

  it('stores a statement about an activity that is no module, moving no progress', async () => {
    const before = await storedCount();
    const response = await xapi(tokens.anouk).post(
      statement(people.anouk.id, 'completed', 'https://loket.kb.example/xapi/lfb/modules/onbekend'),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(await storedCount()).toBe(before + 1);
  });

  it('stores a statement about a module outside the learner\u2019s cohort without moving anything', async () => {
    const response = await xapi(tokens.anouk).post(statement(people.anouk.id, 'completed', iris.digitaalhuis));
    expect(response.status).toBe(200);
    expect(await rowsWithId(response.body[0])).toBe(1);
  });

  it('keeps a statement about a person it does not know, linked to nobody', async () => {
    const byMailbox = await xapi(t.adminToken).post({
      actor: { mbox: 'mailto:niemand@hilversum.example' },
      verb: verb('completed'),
      object: { id: iris.boekstart },
    });
    expect(byMailbox.status).toBe(200);
    const [row] = await t.database.connection.db
      .select({ participantId: xapiStatements.participantId })
      .from(xapiStatements)
      .where(eq(xapiStatements.id, byMailbox.body[0]));
    expect(row).toEqual({ participantId: null });
    const elsewhere = await xapi(tokens.client).post({
      actor: { account: { homePage: 'https://lms.example', name: people.anouk.id } },
      verb: verb('completed'),
      object: { id: iris.boekstart },
    });
    expect(elsewhere.status).toBe(200);
    expect((await progressOf('anouk', 'boekstart')).status).toBe('in_progress');
  });

  it('lets a participant report only about themselves', async () => {
    const before = await storedCount();
    const status = await statusOf(
      player(tokens.anouk).sendStatement({ statement: statement(people.bram.id, 'completed', iris.boekstart) }),
    );
    expect(status).toBe(403);
    expectProblem(await xapi(tokens.anouk).post(statement(people.bram.id, 'completed', iris.boekstart)), 403);
    expect(await storedCount()).toBe(before);
  });

  it('takes statements from an API client with write:progress and from library staff', async () => {
    const fromClient = await xapi(tokens.client).post(statement(people.bram.id, 'experienced', iris.boekstart));
    expect(fromClient.status, JSON.stringify(fromClient.body)).toBe(200);
    const fromCoordinator = await xapi(tokens.coordinator).post(
      statement(people.bram.id, 'experienced', iris.boekstart),
    );
    expect(fromCoordinator.status).toBe(200);
    // Bram is no one the other library may report about: the statement is kept, linked to nobody.
    const fromElsewhere = await xapi(tokens.otherCoordinator).post(
      statement(people.bram.id, 'completed', iris.landelijkeContext),
    );
    expect(fromElsewhere.status).toBe(200);
    const [row] = await t.database.connection.db
      .select({ participantId: xapiStatements.participantId })
      .from(xapiStatements)
      .where(eq(xapiStatements.id, fromElsewhere.body[0]));
    expect(row).toEqual({ participantId: null });
    expect((await progressOf('bram', 'landelijke-context')).status).toBe('in_progress');
  });

  it('stores statements while the cohort has not started, but moves no progress', async () => {
    const before = await storedCount();
    const response = await xapi(tokens.carla).post(statement(people.carla.id, 'initialized', iris.boekstart));
    expect(response.status).toBe(200);
    expect(await storedCount()).toBe(before + 1);
    expect((await progressOf('carla', 'boekstart')).status).toBe('not_started');
  });

  it('asks for credentials', async () => {
    const response = await xapi(null).post(statement(people.anouk.id, 'completed', iris.boekstart));
    expectProblem(response, 401);
    expect(response.headers['x-experience-api-version']).toBe('1.0.3');
  });

  it('asks for a supported X-Experience-API-Version header', async () => {
    const body = statement(people.anouk.id, 'experienced', iris.boekstart);
    const missing = await t.http(tokens.anouk).post('/v1/xapi/statements').send(body);
    const problem = expectProblem(missing, 400, 'unsupported-xapi-version');
    expect(problem.detail).toMatch(/X-Experience-API-Version/);
    expect(missing.headers['x-experience-api-version']).toBe('1.0.3');
    const future = await t
      .http(tokens.anouk)
      .post('/v1/xapi/statements')
      .set('x-experience-api-version', '2.0.0')
      .send(body);
    expectProblem(future, 400, 'unsupported-xapi-version');
    expectProblem(await t.http(tokens.anouk).get('/v1/xapi/statements'), 400, 'unsupported-xapi-version');
  });
});

describe('PUT /v1/xapi/statements', () => {
  const id = '0f1e2d3c-4b5a-4697-8877-665544332211';

  it('stores a statement under the id the player chose', async () => {
    const body = statement(people.anouk.id, 'experienced', iris.boekstart);
    const response = await xapi(tokens.anouk).put(`/v1/xapi/statements?statementId=${id}`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(204);
    expect(response.headers['x-experience-api-version']).toBe('1.0.3');
    expect(await rowsWithId(id)).toBe(1);
    expect((await xapi(tokens.anouk).put(`/v1/xapi/statements?statementId=${id}`, { ...body, id })).status).toBe(204);
    expect(await rowsWithId(id)).toBe(1);
  });

  it('refuses other content under a stored id, and an id in the body that differs', async () => {
    const other = statement(people.anouk.id, 'completed', iris.boekstart);
    expectProblem(await xapi(tokens.anouk).put(`/v1/xapi/statements?statementId=${id}`, other), 409);
    const mismatch = { ...other, id: '11111111-2222-4333-8444-555555555555' };
    expectProblem(
      await xapi(tokens.anouk).put(`/v1/xapi/statements?statementId=${id}`, mismatch),
      400,
      'statement-id-mismatch',
    );
    expectProblem(await xapi(tokens.anouk).put('/v1/xapi/statements?statementId=nope', other), 400);
    expectProblem(await xapi(tokens.anouk).put('/v1/xapi/statements', other), 400);
  });
});

describe('GET /v1/xapi/statements', () => {
  it('answers one statement by id, with what the LRS added', async () => {
    const sent = statement(people.anouk.id, 'experienced', iris.landelijkeContext);
    const [id] = (await player(tokens.anouk).sendStatement({ statement: sent })).data;
    const response = await player(tokens.anouk).getStatement({ statementId: id ?? '' });
    expect(response.status).toBe(200);
    expect(response.headers['x-experience-api-version']).toBe('1.0.3');
    expect(response.headers['x-experience-api-consistent-through']).toEqual(expect.any(String));
    expect(response.data).toMatchObject({
      ...sent,
      id,
      version: '1.0.0',
      stored: expect.any(String),
      timestamp: expect.any(String),
    });
    expectProblem(
      await xapi(tokens.anouk).get('/v1/xapi/statements?statementId=9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d'),
      404,
    );
    expectProblem(await xapi(tokens.anouk).get(`/v1/xapi/statements?statementId=${id}&verb=${sent.verb.id}`), 400);
  });

  it('filters and pages to the end by following more', async () => {
    const client = player(tokens.bram);
    const mine = (await client.getStatements({ agent: account(people.bram.id), limit: 500 })).data.statements.map(
      (s) => s.id,
    );
    const seen: string[] = [];
    let page = (await client.getStatements({ agent: account(people.bram.id), limit: 2 })).data;
    for (let guard = 0; guard < 50; guard++) {
      expect(page.statements.length).toBeLessThanOrEqual(2);
      seen.push(...page.statements.map((s) => s.id ?? ''));
      if (!page.more) break;
      expect(page.more).toMatch(/^\/v1\/xapi\/statements\?/);
      page = (await client.getMoreStatements({ more: page.more })).data as StatementsResponse;
    }
    expect(seen.length).toBeGreaterThan(4);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(mine);
    const stored = (
      await client.getStatements({ agent: account(people.bram.id), ascending: true, limit: 0 })
    ).data.statements.map((s) => s.stored ?? '');
    expect([...stored].sort()).toEqual(stored);
  });

  it('filters on verb, activity, registration and stored time', async () => {
    const client = player(tokens.bram);
    const passed = (await client.getStatements({ verb: verb('passed').id })).data.statements;
    expect(passed.map((s) => s.verb.id)).toEqual([verb('passed').id]);
    const boekstart = (await client.getStatements({ activity: iris.boekstart })).data.statements;
    expect(boekstart.length).toBeGreaterThan(0);
    expect(boekstart.every((s) => (s.object as { id: string }).id === iris.boekstart)).toBe(true);

    const registration = people.bram.enrolmentId;
    await client.sendStatement({
      statement: statement(people.bram.id, 'experienced', iris.boekstart, { context: { registration } }),
    });
    const registered = (await client.getStatements({ registration })).data.statements;
    expect(registered).toHaveLength(1);

    const since = registered[0]?.stored ?? '';
    expect((await client.getStatements({ since })).data.statements).toEqual([]);
    expect((await client.getStatements({ until: since, limit: 1 })).data.statements[0]?.stored).toBe(since);
  });

  it('shows a participant only their own statements', async () => {
    const all = (await player(tokens.anouk).getStatements({ limit: 0 })).data.statements;
    expect(all.length).toBeGreaterThan(0);
    const actors = all.map((s) => JSON.stringify(s.actor));
    expect(actors.some((a) => a.includes(people.bram.id))).toBe(false);
    const bramsByAnouk = (await player(tokens.anouk).getStatements({ agent: account(people.bram.id) })).data;
    expect(bramsByAnouk).toEqual({ statements: [], more: '' });
  });

  it('shows library staff their own people\u2019s statements, and another library nothing', async () => {
    const [id] = (
      await player(tokens.bram).sendStatement({ statement: statement(people.bram.id, 'experienced', iris.boekstart) })
    ).data;
    const own = await xapi(tokens.coordinator).get(`/v1/xapi/statements?statementId=${id}`);
    expect(own.status).toBe(200);
    const other = await xapi(tokens.otherCoordinator).get(`/v1/xapi/statements?statementId=${id}`);
    expectProblem(other, 404);
    expect(other.headers['x-experience-api-version']).toBe('1.0.3');
    // It reads only what it stored itself and nobody is linked to.
    const list = await xapi(tokens.otherCoordinator).get('/v1/xapi/statements');
    expect(list.status).toBe(200);
    expect(list.body.statements).toHaveLength(1);
    expect(list.body.statements[0].verb.id).toBe(verb('completed').id);
    expect(list.body.statements.map((s: Statement) => s.id)).not.toContain(id);
  });

  it('refuses bad filters and API clients without an LRS scope', async () => {
    expectProblem(await xapi(tokens.anouk).get('/v1/xapi/statements?agent=niet-json'), 400, 'invalid-agent');
    expectProblem(await xapi(tokens.anouk).get('/v1/xapi/statements?limit=501'), 400);
    expectProblem(await xapi(tokens.anouk).get('/v1/xapi/statements?cursor=kapot'), 400, 'invalid-cursor');
    expectProblem(await xapi(tokens.anouk).get('/v1/xapi/statements?format=ids&onbekend=1'), 400);
    expect((await xapi(tokens.client).get('/v1/xapi/statements')).status).toBe(200);
    const catalogue = await post('/v1/api-clients', { name: 'Catalogus', scopes: ['read:catalogue'] });
    const token = await t
      .http(null)
      .post('/v1/auth/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: catalogue.clientId, client_secret: catalogue.clientSecret });
    const forbidden = await xapi(token.body.access_token).get('/v1/xapi/statements');
    expectProblem(forbidden, 403);
    expect(forbidden.headers['x-experience-api-version']).toBe('1.0.3');
  });
});

describe('other resources under /v1/xapi', () => {
  it('answer 404 with the version header', async () => {
    const response = await xapi(tokens.anouk).get('/v1/xapi/onbekend');
    expectProblem(response, 404);
    expect(response.headers['x-experience-api-version']).toBe('1.0.3');
  });
});
