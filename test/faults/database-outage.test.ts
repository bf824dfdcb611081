import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Answer,
  type ApiProcess,
  adminToken,
  call,
  createDatabase,
  DatabaseProxy,
  type FaultDatabase,
  sleep,
  someLibrary,
  startApi,
  stopApi,
  tempDir,
} from './support';

let database: FaultDatabase;
let proxy: DatabaseProxy;
let api: ApiProcess;
let dataDir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  database = await createDatabase();
  proxy = await DatabaseProxy.start(database.url);
  dataDir = await tempDir();
  api = await startApi({ databaseUrl: proxy.urlFor(database.url), dataDir: dataDir.path });
});

afterAll(async () => {
  if (api) await stopApi(api);
  await proxy?.cut();
  await database?.drop();
  await dataDir?.remove();
});

describe('PostgreSQL going away during a write load', () => {
  it('answers 503 problems meanwhile, recovers by itself, and keeps every acknowledged write', async () => {
    const token = await adminToken(api.base);
    const library = await someLibrary(api.base, token);
    const answers: Array<{ answer: Answer; email: string; phase: string }> = [];
    let phase = 'before';
    let running = true;
    let sequence = 0;
    // Four writers creating participants as fast as the API lets them.
    const writer = async () => {
      while (running) {
        sequence += 1;
        const email = `storing.${sequence}.${Date.now()}@faults.example`;
        const at = phase;
        const answer = await call(api.base, 'POST', '/v1/participants', {
          token,
          body: { organisationId: library, givenName: 'Uitval', familyName: `Test ${sequence}`, email },
          timeoutMs: 20_000,
        });
        answers.push({ answer, email, phase: at });
        if (answer.status === 503) await sleep(100);
      }
    };
    const writers = Promise.all([writer(), writer(), writer(), writer()]);
    await sleep(1500);
    phase = 'outage';
    await proxy.cut();
    await sleep(4000);
    phase = 'restored';
    await proxy.restore();
    // Recovery: writes succeed again within a few seconds, with no restart of the API.
    const restoredAt = Date.now();
    let recovered = false;
    while (Date.now() - restoredAt < 20_000) {
      await sleep(250);
      if (answers.some((a) => a.phase === 'restored' && a.answer.status === 201)) {
        recovered = true;
        break;
      }
    }
    await sleep(1000);
    running = false;
    await writers;

    const report = JSON.stringify(
      answers.filter((a) => a.answer.status !== 201 && a.answer.status !== 503).slice(0, 5),
    );
    expect(recovered, `no write succeeded after the database came back: ${api.output().slice(-2000)}`).toBe(true);
    expect(answers.filter((a) => a.phase === 'before' && a.answer.status === 201).length).toBeGreaterThan(0);
    // Every answer is a success or a 503 problem with Retry-After: never a 500, never a hang.
    for (const { answer } of answers) {
      expect([201, 503], report).toContain(answer.status);
      expect(answer.ms).toBeLessThan(20_000);
      if (answer.status === 503) {
        expect(answer.type).toMatch(/^application\/problem\+json/);
        expect(answer.body).toMatchObject({ status: 503, title: expect.any(String), type: expect.any(String) });
        expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      }
    }
    const during = answers.filter((a) => a.phase === 'outage');
    expect(during.filter((a) => a.answer.status === 503).length).toBeGreaterThan(0);
    // The readiness check says the same while and after.
    expect((await call(api.base, 'GET', '/health/ready')).status).toBe(200);

    const acknowledged = answers.filter((a) => a.answer.status === 201).map((a) => a.email);
    const stored = await database.query<{ email: string }>(
      'select email from participants where email = any($1::text[])',
      [acknowledged],
    );
    expect(new Set(stored.map((row) => row.email))).toEqual(new Set(acknowledged));
    // And each acknowledged create was audited in the same transaction.
    const ids = answers.filter((a) => a.answer.status === 201).map((a) => a.answer.body.id as string);
    const audited = await database.query<{ count: string }>(
      "select count(distinct resource_id) as count from audit_events where resource_id = any($1::text[]) and action = 'participant.created'",
      [ids],
    );
    expect(Number(audited[0]?.count)).toBe(ids.length);
  });

  it('is not ready while the database is cut off, and ready again after', async () => {
    await proxy.cut();
    const down = await call(api.base, 'GET', '/health/ready', { timeoutMs: 15_000 });
    expect(down.status).toBe(503);
    expect(down.type).toMatch(/^application\/problem\+json/);
    expect((await call(api.base, 'GET', '/health/live')).status).toBe(200);
    await proxy.restore();
    let ready = 0;
    for (let i = 0; i < 40 && ready !== 200; i++) {
      ready = (await call(api.base, 'GET', '/health/ready')).status;
      if (ready !== 200) await sleep(250);
    }
    expect(ready).toBe(200);
  });
});
