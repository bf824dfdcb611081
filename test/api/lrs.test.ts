import { createHash } from 'node:crypto';
import { xapiDocuments, xapiStatements } from '@loket/db';
import XAPI, { type Statement, type StatementsResponse } from '@xapi/xapi';
import { count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { activityIris, xapiEndpoint } from '../support/xapi';

/**
 * Loket as an LRS, spoken to as authoring tools and players do: xAPI.js over a real port with an
 * API client's key and secret as HTTP Basic. Statements about anyone are stored; those about a
 * participant move their module progress; the document resources keep what a course keeps.
 */
let t: TestApp;
let endpoint: string;
const publicUrl = 'http://localhost:3000';
const adl = (name: string) => `http://adlnet.gov/expapi/verbs/${name}`;
const verb = (name: string) => ({ id: adl(name), display: { 'en-US': name } });
const ids = {} as Record<'poi' | 'library' | 'otherLibrary' | 'cohort' | 'closedCohort', string>;
type Person = { id: string; email: string; enrolmentId: string };
const people = {} as Record<'anouk' | 'bram' | 'carla' | 'dirk' | 'emma', Person>;
const keys = {} as Record<'national' | 'library' | 'readOnly', { key: string; secret: string; id: string }>;
const tokens = {} as Record<'coordinator' | 'anouk', string>;
const iris = {} as Record<'landelijkeContext' | 'boekstart', string>;

async function post(url: string, body: object) {
  const response = await t.http().post(url).send(body);
  expect(response.status, `${url}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

const basic = (which: keyof typeof keys) => XAPI.toBasicAuth(keys[which].key, keys[which].secret);
const lrs = (which: keyof typeof keys = 'national') => new XAPI({ endpoint, auth: basic(which) });
const account = (participantId: string) => ({
  objectType: 'Agent' as const,
  account: { homePage: publicUrl, name: participantId },
});
const activity = (id: string) => ({ objectType: 'Activity' as const, id });

function statement(actor: Statement['actor'], verbName: string, activityIri: string, extra: Partial<Statement> = {}) {
  return { actor, verb: verb(verbName), object: activity(activityIri), ...extra } as Statement;
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
  const found = (response.body.progress as Array<{ code: string; status: string; score: number | null }>).find(
    (p) => p.code === code,
  );
  return { status: found?.status, score: found?.score, enrolmentStatus: response.body.status as string };
}

async function storedRow(id: string) {
  const [row] = await t.database.connection.db.select().from(xapiStatements).where(eq(xapiStatements.id, id));
  return row;
}

/** A raw request to the LRS with a key and secret, as a tool without a library would make it. */
const raw = (which: keyof typeof keys = 'national') => ({
  get: (url: string) =>
    t.http(null).get(url).set('authorization', basic(which)).set('x-experience-api-version', '1.0.3'),
  post: (url: string) =>
    t.http(null).post(url).set('authorization', basic(which)).set('x-experience-api-version', '1.0.3'),
  put: (url: string) =>
    t.http(null).put(url).set('authorization', basic(which)).set('x-experience-api-version', '1.0.3'),
});

async function apiClient(which: keyof typeof keys, scopes: string[], organisationId?: string) {
  const client = await post('/v1/api-clients', { name: `LRS ${which}`, scopes, organisationId });
  keys[which] = { key: client.clientId, secret: client.clientSecret, id: client.id };
}

beforeAll(async () => {
  t = await startTestApp();
  ids.poi = (await post('/v1/organisations', { kind: 'poi', name: 'Rijnbrink', parentId: t.kb.id })).id;
  ids.library = (
    await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Arnhem', parentId: ids.poi })
  ).id;
  ids.otherLibrary = (
    await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Ede', parentId: ids.poi })
  ).id;
  const cohort = async (organisationId: string, name: string) => {
    const created = await post('/v1/cohorts', {
      organisationId,
      name,
      phase: 'pilot',
      startsOn: '2018-11-05',
      endsOn: '2019-02-05',
      moduleCodes: ['landelijke-context', 'boekstart'],
    });
    const running = await t.http().patch(`/v1/cohorts/${created.id}`).send({ status: 'running' });
    expect(running.status, JSON.stringify(running.body)).toBe(200);
    return created.id as string;
  };
  ids.cohort = await cohort(ids.library, 'Pilot Arnhem');
  ids.closedCohort = await cohort(ids.otherLibrary, 'Pilot Ede');
  const enrol = async (key: keyof typeof people, givenName: string, organisationId: string, cohortId: string) => {
    const email = `${givenName.toLowerCase()}.de.vries@arnhem.example`;
    const participant = await post('/v1/participants', { organisationId, givenName, familyName: 'de Vries', email });
    const enrolment = await post('/v1/enrolments', { cohortId, participantId: participant.id });
    people[key] = { id: participant.id, email, enrolmentId: enrolment.id };
  };
  await enrol('anouk', 'Anouk', ids.library, ids.cohort);
  await enrol('bram', 'Bram', ids.library, ids.cohort);
  await enrol('carla', 'Carla', ids.library, ids.cohort);
  await enrol('dirk', 'Dirk', ids.otherLibrary, ids.closedCohort);
  await enrol('emma', 'Emma', ids.library, ids.cohort);
  tokens.coordinator = await t.tokenFor('coordinator', { organisationId: ids.library });
  tokens.anouk = await t.tokenFor('participant', { participantId: people.anouk.id });
  await apiClient('national', ['write:progress']);
  await apiClient('library', ['write:progress'], ids.library);
  await apiClient('readOnly', ['read:catalogue']);

  const iriOf = await activityIris(t);
  iris.landelijkeContext = iriOf('landelijke-context');
  iris.boekstart = iriOf('boekstart');

  endpoint = await xapiEndpoint(t);
});

afterAll(async () => {
  await t.close();
});

describe('HTTP Basic with an API client\u2019s key and secret', () => {
  it('stores and reads statements with a write:progress key, and refuses a wrong secret or a revoked key', async () => {
    const sent = await lrs().sendStatement({
      statement: statement(account(people.anouk.id), 'experienced', iris.boekstart),
    });
    expect(sent.status).toBe(200);
    const read = await lrs().getStatement({ statementId: sent.data[0] ?? '' });
    expect(read.data.authority).toEqual({
      objectType: 'Agent',
      account: { homePage: `${publicUrl}/v1/api-clients`, name: keys.national.id },
    });

    const wrong = new XAPI({ endpoint, auth: XAPI.toBasicAuth(keys.national.key, 'geraden') });
    expect(await statusOf(wrong.getStatements({}))).toBe(401);
    const unreadable = await t.http(null).get('/v1/xapi/statements').set('authorization', 'Basic !!!');
    expectProblem(unreadable, 401);
    expect(unreadable.headers['x-experience-api-consistent-through']).toEqual(expect.any(String));

    expect(await statusOf(lrs('readOnly').getStatements({}))).toBe(403);
    await apiClient('readOnly', ['write:progress']);
    expect((await lrs('readOnly').getStatements({})).status).toBe(200);
    const revoked = await t.http().post(`/v1/api-clients/${keys.readOnly.id}/revoke`).send();
    expect(revoked.status).toBe(200);
    expect(await statusOf(lrs('readOnly').getStatements({}))).toBe(401);
  });

  it('is only for the LRS: other routes take no key and secret', async () => {
    const response = await t.http(null).get('/v1/participants').set('authorization', basic('national'));
    expectProblem(response, 401);
  });
});

describe('every valid statement is stored', () => {
  it('stores a course\u2019s usual batch whole: the module, a slide and a question, and moves the module', async () => {
    const slide = 'https://cursus.example/lfb/boekstart/dia-3';
    const question = 'https://cursus.example/lfb/boekstart/vraag-2';
    const batch = [
      statement(account(people.bram.id), 'initialized', iris.boekstart),
      statement(account(people.bram.id), 'experienced', slide),
      statement(account(people.bram.id), 'answered', question, {
        result: { success: true, response: 'b' },
        context: { contextActivities: { parent: [activity(iris.boekstart)] } },
      }),
    ];
    const response = await lrs().sendStatements({ statements: batch });
    expect(response.data).toHaveLength(3);
    for (const id of response.data) expect((await storedRow(id))?.participantId).toBe(people.bram.id);
    expect((await progressOf('bram', 'boekstart')).status).toBe('in_progress');
    const related = await lrs().getStatements({ activity: iris.boekstart, related_activities: true, limit: 10 });
    expect(related.data.statements.map((s) => s.id)).toEqual(expect.arrayContaining([response.data[2]]));
  });

  it('keeps statements whose actor is nobody Loket knows, linked to nobody, and reports them to admins', async () => {
    const stranger = { objectType: 'Agent' as const, mbox: 'mailto:xapi@adlnet.gov', name: 'xAPI mbox' };
    const [id] = (
      await lrs().sendStatement({ statement: statement(stranger, 'attended', 'https://elders.example/cursus') })
    ).data;
    expect((await storedRow(id ?? ''))?.participantId).toBeNull();
    const unlinked = await t.http().get('/v1/xapi-agents/unlinked');
    expect(unlinked.status).toBe(200);
    expect(unlinked.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ agentKey: 'mbox:mailto:xapi@adlnet.gov', actor: stranger, statements: 1 }),
      ]),
    );
    expectProblem(await t.http(tokens.coordinator).get('/v1/xapi-agents/unlinked'), 403);
  });

  it('accepts a single context activity and answers it as an array', async () => {
    const [id] = (
      await lrs().sendStatement({
        statement: statement(account(people.anouk.id), 'experienced', iris.boekstart, {
          context: { contextActivities: { grouping: activity('https://cursus.example/lfb') as never } },
        }),
      })
    ).data;
    const read = await lrs().getStatement({ statementId: id ?? '' });
    expect(read.data.context?.contextActivities?.grouping).toEqual([activity('https://cursus.example/lfb')]);
  });

  it('refuses an invalid statement with 400 and the place of its problem, storing none of the batch', async () => {
    const before = await t.database.connection.db.select({ n: count() }).from(xapiStatements);
    const response = await raw()
      .post('/v1/xapi/statements')
      .send([
        statement(account(people.anouk.id), 'experienced', iris.boekstart),
        { actor: { mbox: 'geen-adres' }, verb: verb('experienced'), object: activity(iris.boekstart) },
      ]);
    const problem = expectProblem(response, 400, 'validation');
    expect(problem.errors?.[0]?.path).toMatch(/^\/1\/actor/);
    const after = await t.database.connection.db.select({ n: count() }).from(xapiStatements);
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it('answers 409 only for another statement under a stored id', async () => {
    const id = '7d1f3c5e-2b4a-4c6d-8e0f-1a2b3c4d5e6f';
    const first = statement(account(people.carla.id), 'progressed', iris.landelijkeContext, { id });
    expect((await lrs().sendStatement({ statement: first })).data).toEqual([id]);
    expect((await lrs().sendStatement({ statement: first })).data).toEqual([id]);
    const other = { ...first, verb: verb('completed') };
    expectProblem(await raw().post('/v1/xapi/statements').send(other), 409, 'statement-conflict');
  });
});

describe('progress follows statements without refusing one', () => {
  it('completes a module once and keeps it so when a late progressed arrives, whatever the order', async () => {
    const completedAt = '2018-12-01T10:00:00.000Z';
    await lrs().sendStatements({
      statements: [
        statement(account(people.emma.id), 'progressed', iris.landelijkeContext, { timestamp: '2018-12-01T11:00:00Z' }),
        statement(account(people.emma.id), 'passed', iris.landelijkeContext, {
          timestamp: completedAt,
          result: { score: { scaled: 0.7 } },
        }),
        statement(account(people.emma.id), 'initialized', iris.landelijkeContext, {
          timestamp: '2018-12-01T09:00:00Z',
        }),
      ],
    });
    expect(await progressOf('emma', 'landelijke-context')).toMatchObject({ status: 'completed', score: 0.7 });
    const late = await lrs().sendStatement({
      statement: statement(account(people.emma.id), 'progressed', iris.landelijkeContext),
    });
    expect(late.status).toBe(200);
    const better = await lrs().sendStatement({
      statement: statement(account(people.emma.id), 'completed', iris.landelijkeContext, {
        result: { score: { scaled: 0.9 } },
      }),
    });
    expect(better.status).toBe(200);
    const enrolment = await t.http().get(`/v1/enrolments/${people.emma.enrolmentId}`);
    const progress = (enrolment.body.progress as Array<{ code: string; completedAt: string; score: number }>).find(
      (p) => p.code === 'landelijke-context',
    );
    // The earliest completion stands; the best score counts.
    expect(progress).toMatchObject({ completedAt, score: 0.9 });
  });

  it('keeps statements for a withdrawn enrolment or a closed cohort without moving progress', async () => {
    const withdraw = await t.http().patch(`/v1/enrolments/${people.carla.enrolmentId}`).send({ status: 'withdrawn' });
    expect(withdraw.status, JSON.stringify(withdraw.body)).toBeLessThan(300);
    const [forWithdrawn] = (
      await lrs().sendStatement({ statement: statement(account(people.carla.id), 'completed', iris.boekstart) })
    ).data;
    expect((await storedRow(forWithdrawn ?? ''))?.participantId).toBe(people.carla.id);
    expect((await progressOf('carla', 'boekstart')).status).toBe('not_started');

    for (const status of ['evaluating', 'closed']) {
      const changed = await t.http().patch(`/v1/cohorts/${ids.closedCohort}`).send({ status });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    }
    const forClosed = await lrs().sendStatement({
      statement: statement(account(people.dirk.id), 'completed', iris.boekstart),
    });
    expect(forClosed.status).toBe(200);
    expect((await progressOf('dirk', 'boekstart')).status).toBe('not_started');
  });

  it('leaves progress alone for a statement that was voided before it arrived', async () => {
    const id = '3a7c9e1f-5b2d-4f8a-9c6e-0d1b2a3c4e5f';
    await lrs().voidStatement({ actor: account(people.bram.id), statementId: id });
    await lrs().sendStatement({
      statement: statement(account(people.bram.id), 'completed', iris.landelijkeContext, { id }),
    });
    expect((await progressOf('bram', 'landelijke-context')).status).toBe('not_started');
  });
});

describe('voiding', () => {
  it('hides a voided statement from reads and lists, and answers it by voidedStatementId', async () => {
    const [id] = (
      await lrs().sendStatement({
        statement: statement(account(people.anouk.id), 'experienced', iris.landelijkeContext),
      })
    ).data;
    const [voiding] = (await lrs().voidStatement({ actor: account(people.anouk.id), statementId: id ?? '' })).data;
    expect(await statusOf(lrs().getStatement({ statementId: id ?? '' }))).toBe(404);
    expect((await lrs().getVoidedStatement({ voidedStatementId: id ?? '' })).data.id).toBe(id);
    const listed = (await lrs().getStatements({ agent: account(people.anouk.id), limit: 0 })).data.statements;
    expect(listed.map((s) => s.id)).not.toContain(id);
    expect(listed.map((s) => s.id)).toContain(voiding);
  });

  it('refuses a voiding statement whose object is not a statement reference', async () => {
    const response = await raw()
      .post('/v1/xapi/statements')
      .send({ actor: account(people.anouk.id), verb: verb('voided'), object: activity(iris.boekstart) });
    expectProblem(response, 400, 'validation');
  });
});

describe('attachments', () => {
  it('stores an attachment sent as multipart/mixed and answers it with attachments=true', async () => {
    // xAPI.js sends multipart bodies as application/octet-stream under Node (a browser sends the right type),
    // so this request is built as a player in a browser sends it.
    const content = Buffer.from('Certificaat van deelname');
    const sha2 = createHash('sha256').update(content).digest('hex');
    const sent = statement(account(people.anouk.id), 'completed', 'https://cursus.example/opdracht', {
      attachments: [
        {
          usageType: 'http://adlnet.gov/expapi/attachments/certificate',
          display: { 'nl-NL': 'certificaat' },
          contentType: 'text/plain',
          length: content.byteLength,
          sha2,
        },
      ],
    });
    const boundary = 'loket-test-boundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(sent)}\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${sha2}\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const stored = await raw()
      .post('/v1/xapi/statements')
      .set('content-type', `multipart/mixed; boundary=${boundary}`)
      .send(body);
    expect(stored.status, JSON.stringify(stored.body)).toBe(200);
    const id = stored.body[0] as string;
    const response = await raw()
      .get(`/v1/xapi/statements?statementId=${id}&attachments=true`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^multipart\/mixed; boundary=/);
    const answer = (response.body as Buffer).toString('utf8');
    expect(answer).toContain(`X-Experience-API-Hash: ${sha2}`);
    expect(answer).toContain('Certificaat van deelname');
    const wrongHash = await raw()
      .post('/v1/xapi/statements')
      .set('content-type', `multipart/mixed; boundary=${boundary}`)
      .send(Buffer.from(body.toString('latin1').replace('Certificaat', 'Diploma12345'), 'latin1'));
    expectProblem(wrongHash, 400, 'validation');
  });

  it('refuses an attachment that is neither sent nor at a fileUrl', async () => {
    const response = await raw()
      .post('/v1/xapi/statements')
      .send(
        statement(account(people.anouk.id), 'completed', 'https://cursus.example/opdracht', {
          attachments: [
            {
              usageType: 'http://adlnet.gov/expapi/attachments/certificate',
              display: { 'nl-NL': 'certificaat' },
              contentType: 'text/plain',
              length: 3,
              sha2: 'a'.repeat(64),
            },
          ],
        }),
      );
    expectProblem(response, 400, 'validation');
  });
});

describe('reading statements', () => {
  it('filters by agent, verb and registration, answers ids and canonical formats, and pages with more', async () => {
    const registration = people.anouk.enrolmentId;
    const verbId = 'https://loket.kb.example/xapi/verbs/bekeek';
    for (let i = 0; i < 3; i++) {
      await lrs().sendStatement({
        statement: {
          actor: { ...account(people.anouk.id), name: 'Anouk de Vries' },
          verb: { id: verbId, display: { 'nl-NL': 'bekeek', 'en-US': 'viewed' } },
          object: activity(`https://cursus.example/dia-${i}`),
          context: { registration },
        } as Statement,
      });
    }
    const first = await lrs().getStatements({ verb: verbId, registration, limit: 2, format: 'ids' });
    expect(first.data.statements).toHaveLength(2);
    expect(first.data.statements[0]?.actor).toEqual(account(people.anouk.id));
    expect(first.data.statements[0]?.verb).toEqual({ id: verbId });
    const rest = (await lrs().getMoreStatements({ more: first.data.more })).data as StatementsResponse;
    expect(rest.statements).toHaveLength(1);
    expect(rest.more).toBe('');
    const canonical = await raw()
      .get(`/v1/xapi/statements?verb=${encodeURIComponent(verbId)}&format=canonical&limit=1`)
      .set('accept-language', 'nl-NL');
    expect(canonical.body.statements[0].verb.display).toEqual({ 'nl-NL': 'bekeek' });
  });

  it('answers 400 for statementId with filters, with the Consistent-Through header', async () => {
    const response = await raw().get(
      '/v1/xapi/statements?statementId=0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e&ascending=true',
    );
    expectProblem(response, 400, 'invalid-statement-query');
    expect(new Date(response.headers['x-experience-api-consistent-through'] ?? '').getTime()).toBeLessThanOrEqual(
      Date.now(),
    );
  });

  it('answers HEAD like GET without a body', async () => {
    const response = await t
      .http(null)
      .head('/v1/xapi/statements?limit=1')
      .set('authorization', basic('national'))
      .set('x-experience-api-version', '1.0.3');
    expect(response.status).toBe(200);
    expect(response.headers['x-experience-api-consistent-through']).toEqual(expect.any(String));
  });

  it('takes the alternate request syntax: a form POST that stands for a PUT', async () => {
    const id = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
    const response = await t
      .http(null)
      .post('/v1/xapi/statements?method=PUT')
      .type('form')
      .send({
        statementId: id,
        'X-Experience-API-Version': '1.0.3',
        Authorization: basic('national'),
        content: JSON.stringify(statement(account(people.anouk.id), 'experienced', iris.boekstart)),
      });
    expect(response.status, JSON.stringify(response.body)).toBe(204);
    expect((await storedRow(id))?.participantId).toBe(people.anouk.id);
    const extra = await t.http(null).post('/v1/xapi/statements?method=PUT&statementId=x').type('form').send({});
    expectProblem(extra, 400, 'alternate-syntax');
  });
});

describe('who reads which statements', () => {
  it('gives a library-bound key its library\u2019s linked statements and the unlinked ones it stored, no others', async () => {
    const [inLibrary] = (
      await lrs('library').sendStatement({
        statement: statement(account(people.anouk.id), 'experienced', iris.boekstart),
      })
    ).data;
    const [elsewhere] = (
      await lrs('library').sendStatement({
        statement: statement(account(people.dirk.id), 'experienced', iris.boekstart),
      })
    ).data;
    // Dirk works at another library: the key may not report about him, so the statement stays unlinked.
    expect((await storedRow(elsewhere ?? ''))?.participantId).toBeNull();
    const [national] = (
      await lrs().sendStatement({ statement: statement(account(people.dirk.id), 'experienced', iris.boekstart) })
    ).data;
    expect((await storedRow(national ?? ''))?.participantId).toBe(people.dirk.id);
    const [strangerByNational] = (
      await lrs().sendStatement({
        statement: statement({ mbox: 'mailto:gast@elders.example' }, 'experienced', iris.boekstart),
      })
    ).data;

    const seen = (await lrs('library').getStatements({ limit: 0 })).data.statements.map((s) => s.id);
    expect(seen).toEqual(expect.arrayContaining([inLibrary, elsewhere]));
    expect(seen).not.toContain(national);
    expect(seen).not.toContain(strangerByNational);
    expect(await statusOf(lrs('library').getStatement({ statementId: national ?? '' }))).toBe(404);

    const coordinator = await t
      .http(tokens.coordinator)
      .get('/v1/xapi/statements?limit=0')
      .set('x-experience-api-version', '1.0.3');
    const byCoordinator = (coordinator.body.statements as Statement[]).map((s) => s.id);
    expect(byCoordinator).toContain(inLibrary);
    expect(byCoordinator).not.toContain(elsewhere);
    expect(byCoordinator).not.toContain(national);
  });

  it('lets a participant send only about themselves and read only their own', async () => {
    const player = new XAPI({ endpoint, auth: `Bearer ${tokens.anouk}` });
    expect(
      await statusOf(
        player.sendStatement({ statement: statement(account(people.bram.id), 'experienced', iris.boekstart) }),
      ),
    ).toBe(403);
    const own = (await player.getStatements({ limit: 0 })).data.statements;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((s) => JSON.stringify(s.actor).includes(people.anouk.id))).toBe(true);
  });
});

describe('linking an actor to a participant', () => {
  it('makes the actor\u2019s stored statements the participant\u2019s, moves their progress, and links later ones', async () => {
    const otherPlatform = {
      objectType: 'Agent' as const,
      account: { homePage: 'https://lms.example', name: 'b.devries' },
    };
    const [stored] = (
      await lrs().sendStatement({ statement: statement(otherPlatform, 'completed', iris.landelijkeContext) })
    ).data;
    expect((await storedRow(stored ?? ''))?.participantId).toBeNull();
    expect((await progressOf('bram', 'landelijke-context')).status).toBe('not_started');

    const link = { actor: otherPlatform, participantId: people.bram.id };
    expectProblem(await t.http(tokens.coordinator).post('/v1/xapi-agents/links').send(link), 403);
    const linked = await t.http().post('/v1/xapi-agents/links').send(link);
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body).toEqual({
      agentKey: 'account:https://lms.example|b.devries',
      participantId: people.bram.id,
      statementsLinked: 1,
    });
    expect((await storedRow(stored ?? ''))?.participantId).toBe(people.bram.id);
    expect((await progressOf('bram', 'landelijke-context')).status).toBe('completed');

    const [later] = (await lrs().sendStatement({ statement: statement(otherPlatform, 'experienced', iris.boekstart) }))
      .data;
    expect((await storedRow(later ?? ''))?.participantId).toBe(people.bram.id);
    const again = await t.http().post('/v1/xapi-agents/links').send(link);
    expect(again.body.statementsLinked).toBe(0);
    const unlinked = (await t.http().get('/v1/xapi-agents/unlinked?limit=200')).body.data as Array<{
      agentKey: string;
    }>;
    expect(unlinked.map((a) => a.agentKey)).not.toContain('account:https://lms.example|b.devries');
  });
});

describe('the document resources', () => {
  const stateParams = () => ({
    agent: account(people.anouk.id),
    activityId: iris.boekstart,
    registration: people.anouk.enrolmentId,
  });

  it('keeps, merges, lists and deletes state, with an ETag', async () => {
    const client = lrs();
    await client.setState({ ...stateParams(), stateId: 'bookmark', state: { dia: 3 } });
    await client.createState({ ...stateParams(), stateId: 'bookmark', state: { vraag: 2 } });
    const read = await client.getState({ ...stateParams(), stateId: 'bookmark' });
    expect(read.data).toEqual({ dia: 3, vraag: 2 });
    const etag = read.headers.etag as string;
    expect(etag).toBe(
      `"${createHash('sha1')
        .update(JSON.stringify({ dia: 3, vraag: 2 }))
        .digest('hex')}"`,
    );
    await client.setState({ ...stateParams(), stateId: 'suspend_data', state: 'ABC', contentType: 'text/plain' });
    expect((await client.getStates(stateParams())).data).toEqual(['bookmark', 'suspend_data']);
    expect((await client.getState({ ...stateParams(), stateId: 'suspend_data' })).data).toBe('ABC');
    const [row] = await t.database.connection.db
      .select({ participantId: xapiDocuments.participantId })
      .from(xapiDocuments)
      .where(eq(xapiDocuments.documentId, 'bookmark'));
    expect(row?.participantId).toBe(people.anouk.id);
    await client.deleteStates(stateParams());
    expect((await client.getStates(stateParams())).data).toEqual([]);
  });

  it('refuses a merge into a document that is not JSON', async () => {
    const client = lrs();
    await client.setState({ ...stateParams(), stateId: 'tekst', state: 'platte tekst', contentType: 'text/plain' });
    const response = await raw()
      .post(
        `/v1/xapi/activities/state?activityId=${encodeURIComponent(iris.boekstart)}&agent=${encodeURIComponent(JSON.stringify(account(people.anouk.id)))}&registration=${people.anouk.enrolmentId}&stateId=tekst`,
      )
      .send({ meer: true });
    expectProblem(response, 400, 'document-not-mergeable');
  });

  it('guards agent and activity profiles with If-Match and If-None-Match', async () => {
    const client = lrs();
    const agent = account(people.bram.id);
    await client.setAgentProfile({
      agent,
      profileId: 'voorkeuren',
      profile: { taal: 'nl' },
      etag: '*',
      matchHeader: 'If-None-Match',
    });
    const read = await client.getAgentProfile({ agent, profileId: 'voorkeuren' });
    const etag = read.headers.etag as string;
    expect(
      await statusOf(
        client.setAgentProfile({
          agent,
          profileId: 'voorkeuren',
          profile: { taal: 'en' },
          etag: '*',
          matchHeader: 'If-None-Match',
        }),
      ),
    ).toBe(412);
    expect(
      await statusOf(
        client.setAgentProfile({
          agent,
          profileId: 'voorkeuren',
          profile: { taal: 'en' },
          etag: '"oud"',
          matchHeader: 'If-Match',
        }),
      ),
    ).toBe(412);
    const blind = await raw()
      .put(`/v1/xapi/agents/profile?agent=${encodeURIComponent(JSON.stringify(agent))}&profileId=voorkeuren`)
      .send({ taal: 'de' });
    expectProblem(blind, 409, 'document-exists');
    await client.setAgentProfile({
      agent,
      profileId: 'voorkeuren',
      profile: { taal: 'en' },
      etag,
      matchHeader: 'If-Match',
    });
    expect((await client.getAgentProfile({ agent, profileId: 'voorkeuren' })).data).toEqual({ taal: 'en' });

    const activityId = iris.landelijkeContext;
    await client.setActivityProfile({
      activityId,
      profileId: 'opzet',
      profile: { hoofdstukken: 4 },
      etag: '*',
      matchHeader: 'If-None-Match',
    });
    expect((await client.getActivityProfiles({ activityId })).data).toEqual(['opzet']);
    await client.deleteActivityProfile({ activityId, profileId: 'opzet' });
    expect(await statusOf(client.getActivityProfile({ activityId, profileId: 'opzet' }))).toBe(404);
  });

  it('answers an activity with what statements said about it, and an agent as a Person', async () => {
    const client = lrs();
    const id = 'https://cursus.example/lfb/boekstart/quiz';
    for (const name of [{ 'nl-NL': 'Toets' }, { 'en-US': 'Quiz' }] as Array<Record<string, string>>) {
      await client.sendStatement({
        statement: statement(account(people.anouk.id), 'attempted', id, {
          object: { objectType: 'Activity', id, definition: { name } },
        }),
      });
    }
    expect((await client.getActivity({ activityId: id })).data).toEqual({
      objectType: 'Activity',
      id,
      definition: { name: { 'nl-NL': 'Toets', 'en-US': 'Quiz' } },
    });
    expect((await client.getAgent({ agent: { mbox: 'mailto:gast@elders.example' } })).data).toEqual({
      objectType: 'Person',
      mbox: ['mailto:gast@elders.example'],
    });
  });

  it('keeps the documents of an agent who is nobody to the key that stored them', async () => {
    const stranger = { mbox: 'mailto:bezoeker@elders.example' };
    await lrs('library').setState({ agent: stranger, activityId: iris.boekstart, stateId: 's', state: { a: 1 } });
    expect(await statusOf(lrs().getState({ agent: stranger, activityId: iris.boekstart, stateId: 's' }))).toBe(200);
    await apiClient('readOnly', ['write:progress'], ids.library);
    expect(
      await statusOf(lrs('readOnly').getState({ agent: stranger, activityId: iris.boekstart, stateId: 's' })),
    ).toBe(404);
    const [row] = await t.database.connection.db
      .select({ n: count() })
      .from(xapiDocuments)
      .where(isNull(xapiDocuments.participantId));
    expect(row?.n).toBeGreaterThan(0);
  });
});
