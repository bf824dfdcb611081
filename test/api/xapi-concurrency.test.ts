import { randomUUID } from 'node:crypto';
import { moduleProgress, xapiStatements } from '@loket/db';
import XAPI from '@xapi/xapi';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { activityIris } from '../support/xapi';

/**
 * Players send overlapping batches about many learners at once. On PostgreSQL they really run at
 * the same time (on PGlite one after the other): every statement is stored, each once, none is
 * refused, and every module ends where its statements say, whatever order they were stored in.
 */
let t: TestApp;
const publicUrl = 'http://localhost:3000';
const learners: Array<{ id: string; enrolmentId: string }> = [];
const iris: string[] = [];
let auth: string;

const adl = (name: string) => `http://adlnet.gov/expapi/verbs/${name}`;

beforeAll(async () => {
  t = await startTestApp();
  const create = async (url: string, body: object) => {
    const response = await t.http().post(url).send(body);
    expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
    return response.body;
  };
  const poi = await create('/v1/organisations', { kind: 'poi', name: 'Bibliotheekservice Fryslân', parentId: t.kb.id });
  const library = await create('/v1/organisations', {
    kind: 'library',
    name: 'Bibliotheek Leeuwarden',
    parentId: poi.id,
  });
  const cohort = await create('/v1/cohorts', {
    organisationId: library.id,
    phase: 'pilot',
    startsOn: '2018-11-05',
    endsOn: '2019-02-05',
    moduleCodes: ['landelijke-context', 'boekstart', 'digitaalhuis'],
  });
  expect((await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status: 'running' })).status).toBe(200);
  for (let i = 0; i < 12; i++) {
    const participant = await create('/v1/participants', {
      organisationId: library.id,
      givenName: `Lid${i}`,
      familyName: 'Hoekstra',
      email: `lid${i}@leeuwarden.example`,
    });
    const enrolment = await create('/v1/enrolments', { cohortId: cohort.id, participantId: participant.id });
    learners.push({ id: participant.id, enrolmentId: enrolment.id });
  }
  const iriOf = await activityIris(t);
  for (const code of ['landelijke-context', 'boekstart', 'digitaalhuis']) {
    iris.push(iriOf(code));
  }
  const client = await create('/v1/api-clients', { name: 'Leerplatform', scopes: ['write:progress'] });
  auth = XAPI.toBasicAuth(client.clientId, client.clientSecret);
});

afterAll(async () => {
  await t.close();
});

describe('concurrent batches about many learners', () => {
  it('store every statement once, refuse none, deadlock nowhere, and leave progress order-independent', async () => {
    // Per learner and module: started, maybe progressed, and for two of three modules completed.
    const statements = learners.flatMap((learner, i) =>
      iris.flatMap((iri, j) => {
        const verbs = ['initialized', 'progressed', ...((i + j) % 3 !== 0 ? ['completed'] : []), 'progressed'];
        return verbs.map((verb) => ({
          id: randomUUID(),
          actor: { objectType: 'Agent', account: { homePage: publicUrl, name: learner.id } },
          verb: { id: adl(verb) },
          object: { objectType: 'Activity', id: iri },
          result: verb === 'completed' ? { score: { scaled: ((i + j) % 10) / 10 } } : undefined,
        }));
      }),
    );
    // Shuffled into batches of 20 that each mix learners; a third of the statements go in two batches.
    const shuffled = [...statements].sort((a, b) => (a.id < b.id ? -1 : 1));
    const batches: (typeof statements)[] = [];
    for (let i = 0; i < shuffled.length; i += 20) batches.push(shuffled.slice(i, i + 20));
    const resent = shuffled.filter((_, i) => i % 3 === 0);
    for (let i = 0; i < resent.length; i += 20) batches.push(resent.slice(i, i + 20).reverse());

    const responses = await Promise.all(
      batches.map((batch) =>
        t
          .http(null)
          .post('/v1/xapi/statements')
          .set('authorization', auth)
          .set('x-experience-api-version', '1.0.3')
          .send(batch),
      ),
    );
    for (const [i, response] of responses.entries()) {
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toEqual(batches[i]?.map((s) => s.id));
    }

    const [stored] = await t.database.connection.db.select({ n: count() }).from(xapiStatements);
    expect(stored?.n).toBe(statements.length);
    for (const [i, learner] of learners.entries()) {
      const rows = await t.database.connection.db
        .select({ status: moduleProgress.status, score: moduleProgress.score })
        .from(moduleProgress)
        .where(eq(moduleProgress.enrolmentId, learner.enrolmentId));
      const enrolment = await t.http().get(`/v1/enrolments/${learner.enrolmentId}`);
      const byCode = new Map(
        (enrolment.body.progress as Array<{ code: string; status: string; score: number | null }>).map((p) => [
          p.code,
          p,
        ]),
      );
      expect(rows).toHaveLength(3);
      for (const [j, code] of ['landelijke-context', 'boekstart', 'digitaalhuis'].entries()) {
        const completed = (i + j) % 3 !== 0;
        expect(byCode.get(code), `${learner.id} ${code}`).toMatchObject(
          completed ? { status: 'completed', score: ((i + j) % 10) / 10 } : { status: 'in_progress', score: null },
        );
      }
    }
  });
});
