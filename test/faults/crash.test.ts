import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Answer,
  type ApiProcess,
  adminToken,
  call,
  createDatabase,
  type FaultDatabase,
  sleep,
  someLibrary,
  startApi,
  stopApi,
  tempDir,
} from './support';

let database: FaultDatabase;
let api: ApiProcess;
let dataDir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  database = await createDatabase();
  dataDir = await tempDir();
  api = await startApi({ databaseUrl: database.url, dataDir: dataDir.path });
});

afterAll(async () => {
  if (api) await stopApi(api);
  await database?.drop();
  await dataDir?.remove();
});

const rowsPerImport = 150;
const importCsv = (batch: string) =>
  [
    'voornaam;achternaam;e-mail;functie',
    ...Array.from(
      { length: rowsPerImport },
      (_, i) => `Import;Persoon ${batch}-${i};${batch}.${i}@crash.example;Baliemedewerker`,
    ),
  ].join('\r\n');

describe('the API killed with SIGKILL in the middle of a write load', () => {
  it('leaves no partial import or create behind, and every acknowledged write survives a restart', async () => {
    const token = await adminToken(api.base);
    const library = await someLibrary(api.base, token);
    const cohort = await call(api.base, 'POST', '/v1/cohorts', {
      token,
      body: { organisationId: library, phase: 'rollout', startsOn: '2019-03-04', endsOn: '2019-06-03' },
    });
    expect(cohort.status, JSON.stringify(cohort.body)).toBe(201);
    const cohortId = cohort.body.id as string;

    const imports: Array<{ batch: string; answer?: Answer }> = [];
    const creates: Array<{ email: string; answer?: Answer }> = [];
    let running = true;
    let sequence = 0;
    const importer = async () => {
      while (running) {
        sequence += 1;
        const entry: { batch: string; answer?: Answer } = { batch: `b${sequence}x${Date.now().toString(36)}` };
        imports.push(entry);
        entry.answer = await call(api.base, 'POST', `/v1/cohorts/${cohortId}/enrolments/import?dryRun=false`, {
          token,
          csv: importCsv(entry.batch),
          timeoutMs: 60_000,
        });
        if (entry.answer.status === 0) return;
      }
    };
    const creator = async () => {
      while (running) {
        sequence += 1;
        const entry: { email: string; answer?: Answer } = { email: `single.${sequence}.${Date.now()}@crash.example` };
        creates.push(entry);
        entry.answer = await call(api.base, 'POST', '/v1/participants', {
          token,
          body: { organisationId: library, givenName: 'Los', familyName: `Persoon ${sequence}`, email: entry.email },
        });
        if (entry.answer.status === 0) return;
      }
    };
    const load = Promise.all([importer(), importer(), creator(), creator()]);
    // Kill once some imports have landed, so that others are certainly in flight.
    const deadline = Date.now() + 60_000;
    while (imports.filter((i) => i.answer?.status === 200).length < 2 && Date.now() < deadline) await sleep(50);
    await sleep(150);
    api.child.kill('SIGKILL');
    const { signal } = await api.exited;
    expect(signal).toBe('SIGKILL');
    running = false;
    await load;

    api = await startApi({ databaseUrl: database.url, dataDir: dataDir.path });

    const acknowledgedImports = imports.filter((i) => i.answer?.status === 200);
    const cutOff = imports.filter((i) => i.answer?.status === 0);
    expect(acknowledgedImports.length).toBeGreaterThanOrEqual(2);
    expect(cutOff.length, 'an import was in flight when the process died').toBeGreaterThan(0);
    for (const { batch, answer } of imports) {
      const [row] = await database.query<{ people: string; enrolled: string }>(
        `select count(*) as people,
                count(*) filter (where exists (
                  select 1 from enrolments e where e.participant_id = p.id and e.cohort_id = $2)) as enrolled
           from participants p where p.email like $1`,
        [`${batch}.%`, cohortId],
      );
      const people = Number(row?.people);
      // All of the file or none of it: one transaction per import.
      expect([0, rowsPerImport], `import ${batch} answered ${answer?.status}`).toContain(people);
      expect(Number(row?.enrolled)).toBe(people);
      if (answer?.status === 200) expect(people).toBe(rowsPerImport);
    }

    const acknowledged = creates.filter((c) => c.answer?.status === 201).map((c) => c.email);
    expect(acknowledged.length).toBeGreaterThan(0);
    const stored = await database.query<{ email: string }>(
      'select email from participants where email = any($1::text[])',
      [acknowledged],
    );
    expect(new Set(stored.map((row) => row.email))).toEqual(new Set(acknowledged));
    for (const { answer } of [...imports, ...creates]) expect([0, 200, 201]).toContain(answer?.status);

    // Every stored participant has its audit record: the change and its audit commit together.
    const [orphans] = await database.query<{ count: string }>(
      `select count(*) as count from participants p
        where p.email like '%@crash.example'
          and not exists (select 1 from audit_events a where a.resource_id = p.id::text)`,
    );
    expect(Number(orphans?.count)).toBe(0);

    // The restarted API serves the data, and writes again.
    const fresh = await adminToken(api.base);
    const enrolments = await call(api.base, 'GET', `/v1/cohorts/${cohortId}/enrolments?limit=1`, { token: fresh });
    expect(enrolments.status).toBe(200);
    expect((enrolments.body.page as { total: number }).total).toBe(acknowledgedImports.length * rowsPerImport);
  });
});
