import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
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

/**
 * PostgreSQL cut off in the middle of each streaming CSV export: that response is aborted, the
 * process stays up, and once the database is back the same export comes out whole. Every export
 * reads its rows in pages of 1,000, so each gets more than that here.
 */
let database: FaultDatabase;
let proxy: DatabaseProxy;
let api: ApiProcess;
let dataDir: Awaited<ReturnType<typeof tempDir>>;
let token = '';
let cohort = '';
const rows = 1500;

beforeAll(async () => {
  database = await createDatabase();
  proxy = await DatabaseProxy.start(database.url);
  dataDir = await tempDir();
  api = await startApi({ databaseUrl: proxy.urlFor(database.url), dataDir: dataDir.path });
  token = await adminToken(api.base);
  const library = await someLibrary(api.base, token);
  const created = await call(api.base, 'POST', '/v1/cohorts', {
    token,
    body: { organisationId: library, phase: 'rollout', startsOn: '2019-03-04', endsOn: '2019-06-03' },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  cohort = created.body.id as string;
  // Straight into the database, past the proxy: people enrolled with progress, attendance and xAPI statements.
  await database.query(
    `insert into participants (id, organisation_id, given_name, family_name, email)
     select gen_random_uuid(), $1, 'Export', 'Persoon ' || n, 'export.' || n || '@faults.example'
       from generate_series(1, $2::int) n`,
    [library, rows],
  );
  await database.query(
    `insert into enrolments (id, cohort_id, participant_id)
     select gen_random_uuid(), $1, id from participants where email like 'export.%@faults.example'`,
    [cohort],
  );
  await database.query(
    `insert into module_progress (id, enrolment_id, module_id)
     select gen_random_uuid(), e.id, cm.module_id
       from enrolments e join cohort_modules cm on cm.cohort_id = e.cohort_id where e.cohort_id = $1`,
    [cohort],
  );
  await database.query(
    `insert into attendance (session_id, enrolment_id, status)
     select s.id, e.id, 'present' from enrolments e
       join lateral (select id from sessions where cohort_id = e.cohort_id order by starts_at limit 1) s on true
      where e.cohort_id = $1`,
    [cohort],
  );
  await database.query(
    `insert into xapi_statements (id, participant_id, actor_key, verb, activity_iri, related_agent_keys,
                                  related_activity_iris, stored_by, statement, timestamp)
     select gen_random_uuid(), id, 'mbox:mailto:' || email, 'http://adlnet.gov/expapi/verbs/initialized',
            'https://loket.kb.example/xapi/lfb/modules/boekstart', array['mbox:mailto:' || email],
            array['https://loket.kb.example/xapi/lfb/modules/boekstart'], 'user:faults',
            '{"verb":{"id":"x"}}'::jsonb, now()
       from participants where email like 'export.%@faults.example'`,
  );
});

afterAll(async () => {
  if (api) await stopApi(api);
  await proxy?.cut();
  await database?.drop();
  await dataDir?.remove();
});

// A test that fails half-way must not leave the next one a slow or cut database.
afterEach(async () => {
  if (!proxy) return;
  proxy.delayMs = 0;
  await proxy.restore();
});

/** What the process answered and logged, for a failure's message. */
const told = (body: string) => `${body}\n${api.output().slice(-3000)}`;

const exports = () => [
  '/v1/exports/participants',
  `/v1/exports/enrolments?cohortId=${cohort}`,
  `/v1/exports/attendance?cohortId=${cohort}`,
  '/v1/exports/xapi-statements',
];

/** Reads a whole export; a response cut short rejects. */
async function wholeExport(path: string) {
  const response = await fetch(`${api.base}${path}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, text: await response.text() };
}

async function stillServing() {
  expect(api.child.exitCode, api.output().slice(-3000)).toBeNull();
  expect((await call(api.base, 'GET', '/health/live')).status).toBe(200);
  // Until the pool has reconnected a read may answer 503; then it answers as before.
  let status = 0;
  for (let i = 0; i < 80 && status !== 200; i++) {
    status = (await call(api.base, 'GET', '/v1/participants?limit=1', { token })).status;
    if (status !== 200) await sleep(250);
  }
  expect(status, api.output().slice(-3000)).toBe(200);
}

describe('an export filter PostgreSQL cannot read', () => {
  it('answers 400 problems to urn:uuid: ids, and the process lives on', async () => {
    for (const path of [
      `/v1/exports/participants?organisationId=urn:uuid:${cohort}`,
      `/v1/exports/enrolments?cohortId=urn:uuid:${cohort}`,
      `/v1/exports/attendance?cohortId=urn:uuid:${cohort}`,
    ]) {
      const answer = await call(api.base, 'GET', path, { token, timeoutMs: 10_000 });
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
      expect(answer.type).toMatch(/^application\/problem\+json/);
    }
    await stillServing();
  });
});

describe('PostgreSQL cut off in the middle of a CSV export', () => {
  for (const [index, name] of ['participants', 'enrolments', 'attendance', 'xapi-statements'].entries()) {
    it(`aborts the ${name} export, keeps the process serving, and exports whole afterwards`, async () => {
      const path = exports()[index] as string;
      const before = await wholeExport(path);
      expect(before.status, told(before.text)).toBe(200);
      const lines = before.text.trim().split('\r\n').length;
      expect(lines).toBeGreaterThan(rows);

      // Every answer from the database now takes a while: the first page arrives, the next is still on its way.
      proxy.delayMs = 1000;
      const response = await fetch(`${api.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status, response.status === 200 ? '' : told(await response.text())).toBe(200);
      const reader = response.body?.getReader();
      if (!reader) throw new Error('no body');
      const first = await reader.read();
      expect(first.done).toBe(false);
      await proxy.cut();
      proxy.delayMs = 0;
      const rest = (async () => {
        for (;;) if ((await reader.read()).done) return 'ended';
      })();
      await expect(rest).rejects.toThrow();

      await proxy.restore();
      await stillServing();
      const after = await wholeExport(path);
      expect(after.status, told(after.text)).toBe(200);
      expect(after.text.trim().split('\r\n').length).toBe(lines);
    });
  }

  it('answers a 503 problem when the database is gone before the first row, and keeps serving', async () => {
    await proxy.cut();
    for (const path of exports()) {
      const answer = await call(api.base, 'GET', path, { token, timeoutMs: 20_000 });
      expect(answer.status, JSON.stringify(answer.body)).toBe(503);
      expect(answer.type).toMatch(/^application\/problem\+json/);
      expect(answer.headers.get('content-disposition')).toBeNull();
    }
    await proxy.restore();
    await stillServing();
  });
});
