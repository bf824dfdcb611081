import { randomBytes } from 'node:crypto';
import { buildApp } from '@loket/api';
import { loadContent } from '@loket/db';
import type { FastifyInstance } from 'fastify';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, seedIfEmpty } from '../../api/src/seed';
import { freshDatabase, type TestDatabase } from '../support/database';

/** What the README promises a newcomer after `pnpm start`: the pilot and its demo logins. */
let database: TestDatabase;
let app: FastifyInstance;

async function signIn(username: string) {
  const response = await supertest(app.server)
    .post('/v1/auth/token')
    .type('form')
    .send({ grant_type: 'password', username, password: demoPassword });
  expect(response.status, username).toBe(200);
  return response.body.access_token as string;
}

beforeAll(async () => {
  database = await freshDatabase();
  const outcome = await seedIfEmpty(database.connection, { kind: 'pilot' }, await loadContent());
  expect(outcome?.accounts.length).toBe(12);
  expect(await seedIfEmpty(database.connection, { kind: 'pilot' }, await loadContent())).toBeNull();
  app = await buildApp({ connection: database.connection, jwtSecret: randomBytes(32).toString('hex') });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('the demo accounts of the pilot', () => {
  it('let the KB admin see all three pilot cohorts', async () => {
    const token = await signIn('admin@kb.example');
    const cohorts = await supertest(app.server).get('/v1/cohorts').set('authorization', `Bearer ${token}`);
    expect(cohorts.body.page.total).toBe(3);
  });

  it('let the Cubiss adviser see the two Brabant libraries and not Hilversum', async () => {
    const token = await signIn('adviseur@cubiss.example');
    const cohorts = await supertest(app.server).get('/v1/cohorts').set('authorization', `Bearer ${token}`);
    expect(cohorts.body.data.map((c: { name: string }) => c.name).sort()).toEqual([
      'Pilot Bibliotheek Helmond-Peel 2018',
      'Pilot Bibliotheek Het Markiezaat 2018',
    ]);
  });

  it('let the Hilversum coordinator see their 17 colleagues', async () => {
    const token = await signIn('coordinator@hilversum.example');
    const people = await supertest(app.server).get('/v1/participants').set('authorization', `Bearer ${token}`);
    expect(people.body.page.total).toBe(17);
  });

  it('let a participant follow their own progress', async () => {
    const [participant] = (
      await supertest(app.server)
        .get('/v1/users?role=participant')
        .set('authorization', `Bearer ${await signIn('admin@kb.example')}`)
    ).body.data as Array<{ email: string }>;
    const token = await signIn(participant?.email as string);
    const mine = await supertest(app.server).get('/v1/me/enrolments').set('authorization', `Bearer ${token}`);
    expect(mine.body.data).toHaveLength(1);
    expect(mine.body.data[0].progress).toHaveLength(6);
  });
});
