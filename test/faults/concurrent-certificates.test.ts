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
const apis: ApiProcess[] = [];
let dataDir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  database = await createDatabase();
  dataDir = await tempDir();
  // One after the other: the first seeds the database and makes the issuer key both sign with.
  apis.push(await startApi({ databaseUrl: database.url, dataDir: dataDir.path }));
  apis.push(await startApi({ databaseUrl: database.url, dataDir: dataDir.path }));
});

afterAll(async () => {
  for (const api of apis) await stopApi(api);
  await database?.drop();
  await dataDir?.remove();
});

async function ok(answer: Promise<Answer>, what: string): Promise<Answer> {
  const done = await answer;
  expect(done.status, `${what}: ${JSON.stringify(done.body)}`).toBeLessThan(300);
  return done;
}

describe('two API processes issuing the certificates of one cohort at the same moment', () => {
  it('issue each certificate once, numbered uniquely, and answer every request without a 5xx', async () => {
    const [first, second] = apis as [ApiProcess, ApiProcess];
    const token = await adminToken(first.base);
    const library = await someLibrary(first.base, token);
    const cohort = await ok(
      call(first.base, 'POST', '/v1/cohorts', {
        token,
        body: {
          organisationId: library,
          phase: 'rollout',
          startsOn: '2019-03-04',
          endsOn: '2019-06-03',
          moduleCodes: ['boekstart'],
        },
      }),
      'cohort',
    );
    const cohortId = cohort.body.id as string;
    await ok(call(first.base, 'PATCH', `/v1/cohorts/${cohortId}`, { token, body: { status: 'running' } }), 'start');
    const people = 16;
    const csv = [
      'voornaam;achternaam;e-mail',
      ...Array.from({ length: people }, (_, i) => `Cert;Persoon ${i};cert.${i}@faults.example`),
    ].join('\n');
    await ok(
      call(first.base, 'POST', `/v1/cohorts/${cohortId}/enrolments/import?dryRun=false`, { token, csv }),
      'import',
    );
    const enrolments = (await call(first.base, 'GET', `/v1/cohorts/${cohortId}/enrolments?limit=100`, { token })).body
      .data as Array<{ id: string }>;
    expect(enrolments).toHaveLength(people);
    const sessions = (await call(first.base, 'GET', `/v1/sessions?cohortId=${cohortId}`, { token })).body
      .data as Array<{
      id: string;
    }>;
    for (const session of sessions) {
      await ok(
        call(first.base, 'PUT', `/v1/sessions/${session.id}/attendance`, {
          token,
          body: { records: enrolments.map((e) => ({ enrolmentId: e.id, status: 'present' })) },
        }),
        'attendance',
      );
    }
    for (const enrolment of enrolments) {
      await ok(
        call(first.base, 'PUT', `/v1/enrolments/${enrolment.id}/progress/boekstart`, {
          token,
          body: { status: 'completed' },
        }),
        'progress',
      );
    }

    // Both processes at once: a batch job each (run by either process's workers), and every
    // enrolment asked for twice on each process.
    const batches = Promise.all(
      [first, second].map((api) => call(api.base, 'POST', `/v1/cohorts/${cohortId}/certificates`, { token })),
    );
    const singles = Promise.all(
      enrolments.flatMap((enrolment) =>
        [first, second, first, second].map((api) =>
          call(api.base, 'POST', '/v1/certificates', { token, body: { enrolmentId: enrolment.id } }),
        ),
      ),
    );
    const [queued, issued] = await Promise.all([batches, singles]);

    // A 503 (no database connection free in time on a loaded machine) is an honest "retry": it must
    // not have issued anything twice either, which the database check below covers.
    for (const answer of issued) {
      expect([200, 201, 503], JSON.stringify(answer.body)).toContain(answer.status);
    }
    for (const answer of queued) expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    // Whichever request won, every request for one enrolment names the same certificate.
    const byEnrolment = new Map<string, Set<string>>();
    for (const answer of issued.filter((a) => a.status !== 503)) {
      const enrolmentId = answer.body.enrolmentId as string;
      byEnrolment.set(enrolmentId, (byEnrolment.get(enrolmentId) ?? new Set()).add(answer.body.id as string));
    }
    for (const ids of byEnrolment.values()) expect(ids.size).toBe(1);
    expect(issued.filter((a) => a.status === 201).length).toBeLessThanOrEqual(people);

    // Asked once more, each enrolment answers with the one certificate it has.
    for (const enrolment of enrolments) {
      const again = await call(first.base, 'POST', '/v1/certificates', { token, body: { enrolmentId: enrolment.id } });
      expect([200, 201], JSON.stringify(again.body)).toContain(again.status);
      const earlier = byEnrolment.get(enrolment.id);
      if (earlier) expect([...earlier]).toEqual([again.body.id]);
    }
    for (const job of queued) {
      let status = '';
      for (let i = 0; i < 240 && status !== 'completed' && status !== 'failed'; i++) {
        const answer = await call(first.base, 'GET', `/v1/jobs/${job.body.id}`, { token });
        status = answer.body.status as string;
        if (status !== 'completed' && status !== 'failed') await sleep(250);
      }
      expect(status).toBe('completed');
    }

    const perEnrolment = await database.query<{ enrolment_id: string; count: string }>(
      `select e.id as enrolment_id, count(c.id) as count
         from enrolments e left join certificates c on c.enrolment_id = e.id
        where e.cohort_id = $1 group by e.id`,
      [cohortId],
    );
    expect(perEnrolment).toHaveLength(people);
    for (const row of perEnrolment) expect(Number(row.count)).toBe(1);
    const [numbers] = await database.query<{ total: string; distinct_numbers: string; distinct_codes: string }>(
      `select count(*) as total, count(distinct number) as distinct_numbers,
              count(distinct verification_code) as distinct_codes from certificates`,
    );
    expect(Number(numbers?.distinct_numbers)).toBe(Number(numbers?.total));
    expect(Number(numbers?.distinct_codes)).toBe(Number(numbers?.total));
    const [audited] = await database.query<{ count: string }>(
      `select count(*) as count from audit_events a join certificates c on a.resource_id = c.id::text
        where a.resource_type = 'certificate' and c.enrolment_id = any($1::uuid[])`,
      [enrolments.map((e) => e.id)],
    );
    expect(Number(audited?.count)).toBeGreaterThanOrEqual(people);
  });
});
