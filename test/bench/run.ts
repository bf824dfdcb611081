import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connect, insertUser, seedScale } from '@loket/db';
import autocannon from 'autocannon';
import pg from 'pg';
import { hashPassword } from '../../api/src/lib/passwords';
import { appendIdleRss } from './idle-rss';

/**
 * `pnpm bench`: seeds a national dataset into a fresh PostgreSQL database, starts Loket and a bare
 * Fastify + pg baseline as child processes, and measures both side by side in one run. Writes
 * test/bench/results.md. `--reuse` keeps an already seeded database (it is still migrated);
 * `--profile` runs Loket under `node --cpu-prof` (profiles in test/bench/tmp/profiles).
 */
const { values: flags } = parseArgs({
  options: {
    reuse: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const tmp = join(root, 'test/bench/tmp');
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/loket_bench';
const participantCount = Number(process.env.BENCH_PARTICIPANTS ?? 23_000);
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const xapiBatch = Number(process.env.BENCH_XAPI_BATCH ?? 25);
const exportRows = 100_000;
const importRows = 500;
const apiPort = 3190;
const baselinePort = 3191;
const password = 'bench-password-not-secret';
const jwtSecret = 'bench-jwt-secret-0123456789abcdef0123456789';

const log = (line: string) => process.stdout.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------
// The dataset

async function prepareDatabase() {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  const admin = new pg.Client({
    connectionString: Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).href,
  });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  const fresh = !(flags.reuse && exists);
  if (fresh) {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  }
  await admin.end();

  const connection = await connect({ databaseUrl });
  await connection.migrate();
  if (fresh) {
    log(`Seeding ${participantCount} participants into ${name} …`);
    const started = Date.now();
    const summary = await seedScale(connection.db, { participants: participantCount });
    log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(summary)}`);
    const passwordHash = await hashPassword(password);
    const poi = await largestPoi();
    await insertUser(connection.db, {
      email: 'admin@bench.example',
      displayName: 'Bench admin',
      role: 'admin',
      organisationId: summary.kbId,
      participantId: null,
      passwordHash,
    });
    await insertUser(connection.db, {
      email: 'adviser@bench.example',
      displayName: 'Bench adviser',
      role: 'adviser',
      organisationId: poi.id,
      participantId: null,
      passwordHash,
    });
  }
  await connection.close();
}

const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
const one = async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows[0] as T;

/** The POI with the most participants: the adviser whose lists are the longest. */
function largestPoi() {
  return one<{ id: string; path: string; name: string; participants: number }>(
    `select poi.id, poi.path, poi.name, count(p.id)::int as participants
       from organisations poi join organisations o on o.path like poi.path || '%'
       join participants p on p.organisation_id = o.id
      where poi.kind = 'poi' group by poi.id order by participants desc limit 1`,
  );
}

async function datasetCounts() {
  return one<Record<string, number>>(
    `select (select count(*)::int from organisations where kind = 'poi') as pois,
            (select count(*)::int from organisations where kind = 'library') as libraries,
            (select count(*)::int from participants) as participants,
            (select count(*)::int from enrolments) as enrolments,
            (select count(*)::int from module_progress) as progress,
            (select count(*)::int from attendance) as attendance,
            (select count(*)::int from xapi_statements) as "xapiStatements"`,
  );
}

// ---------------------------------------------------------------------------------------------
// The servers

interface Server {
  process: ChildProcess;
  port: number;
}

async function startServer(script: string, port: number, env: Record<string, string>, nodeFlags: string[] = []) {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return { process: child, port } satisfies Server;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${script} did not start`);
}

async function stopServer(server: Server) {
  if (server.process.exitCode !== null) return;
  const exited = new Promise((r) => server.process.once('exit', r));
  server.process.kill('SIGTERM');
  await exited;
}

/** Peak and current resident memory of a process, from /proc (Linux). */
function memoryOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { peakMb: kib('VmHWM') / 1024, rssMb: kib('VmRSS') / 1024 };
}

/** Resets VmHWM to the current RSS, so the next peak belongs to what runs next. */
async function resetPeak(pid: number) {
  await writeFile(`/proc/${pid}/clear_refs`, '5');
}

async function signIn(username: string) {
  const response = await fetch(`http://127.0.0.1:${apiPort}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'password', username, password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${username}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface Measurement {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** Statements per second, for ingestion. */
  itemsPerSecond?: number;
}

async function load(
  name: string,
  options: autocannon.Options & { itemsPerRequest?: number },
  seconds = duration,
): Promise<Measurement> {
  const { itemsPerRequest, ...cannon } = options;
  // A short warm-up, not counted: the JIT and the connection pools settle.
  await autocannon({ ...cannon, duration: 2 });
  const result = await autocannon({ connections, ...cannon, duration: seconds });
  const errors = result.errors + result.non2xx + result.timeouts;
  const measurement: Measurement = {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    ...(itemsPerRequest ? { itemsPerSecond: (result['2xx'] * itemsPerRequest) / result.duration } : {}),
  };
  log(
    `${name.padEnd(44)} ${measurement.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${measurement.p50} ms  p99 ${measurement.p99} ms${errors ? `  ${errors} errors` : ''}${measurement.itemsPerSecond ? `  ${measurement.itemsPerSecond.toFixed(0)} statements/s` : ''}`,
  );
  return measurement;
}

const get = (port: number, path: string, token?: string): autocannon.Options => ({
  url: `http://127.0.0.1:${port}${path}`,
  headers: token ? { authorization: `Bearer ${token}` } : {},
});

async function getJson<T>(path: string, token: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${apiPort}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The cursor of page `page` (of 25) of the national participant list, walking there in large pages. */
async function cursorOfPage(page: number, token: string) {
  let before = (page - 1) * 25;
  let cursor: string | null = null;
  while (before > 0) {
    const limit = before >= 200 ? 200 : 25;
    const path = `/v1/participants?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const body: { page: { nextCursor: string | null } } = await getJson(path, token);
    cursor = body.page.nextCursor;
    if (!cursor) throw new Error(`the list ends before page ${page}`);
    before -= limit;
  }
  if (!cursor) throw new Error('page 1 has no cursor');
  return cursor;
}

/** Downloads a CSV export to the end; time, rows and the API process's peak memory meanwhile. */
async function measureExport(path: string, token: string, pid: number) {
  await resetPeak(pid);
  const before = memoryOf(pid);
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${apiPort}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok || !response.body) throw new Error(`GET ${path}: ${response.status}`);
  let newlines = 0;
  let bytes = 0;
  for await (const chunk of response.body) {
    bytes += chunk.length;
    // indexOf rather than a loop per byte: the harness must not be what slows the download.
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) newlines += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const after = memoryOf(pid);
  const result = {
    seconds,
    rows: newlines - 1,
    megabytes: bytes / 1e6,
    rssBeforeMb: before.rssMb,
    peakMb: after.peakMb,
  };
  log(
    `export ${path.split('?')[0]}: ${result.rows} rows, ${result.megabytes.toFixed(1)} MB in ${seconds.toFixed(2)} s, RSS ${before.rssMb.toFixed(0)} MB before, peak ${after.peakMb.toFixed(0)} MB`,
  );
  return result;
}

/**
 * A 500-line enrolment import for the largest open cohort in the POI: its library's people (enrolled
 * already, so the check finds them) and new people. Checked as a dry run, which changes nothing.
 */
async function importFile(poiPath: string) {
  const cohort = await one<{ id: string; organisation_id: string }>(
    `select c.id, c.organisation_id from cohorts c join organisations o on o.id = c.organisation_id
      where o.path like $1 and c.status in ('planned', 'running')
      order by (select count(*) from enrolments e where e.cohort_id = c.id) desc limit 1`,
    [`${poiPath}%`],
  );
  if (!cohort) throw new Error('no open cohort to import into');
  const people = (
    await pool.query<{ given_name: string; name_infix: string | null; family_name: string; email: string }>(
      `select p.given_name, p.name_infix, p.family_name, p.email from enrolments e
         join participants p on p.id = e.participant_id where e.cohort_id = $1 order by p.email limit 400`,
      [cohort.id],
    )
  ).rows;
  const lines = people.map((p) => [p.given_name, p.name_infix ?? '', p.family_name, p.email].join(','));
  for (let i = lines.length; i < importRows; i++) lines.push(`Nieuw,,Persoon ${i},nieuw.${i}@bench.example`);
  return { cohortId: cohort.id, csv: ['voornaam,tussenvoegsel,achternaam,e-mail', ...lines].join('\n') };
}

/**
 * Batches as players send them through an LRS key: statements about many people of the adviser's
 * POI at once, on modules their running cohort follows, with verbs that move progress (started,
 * progressed, completed or passed with a score), each learner's in the order a course sends them.
 */
async function statementFactory(poiPath: string) {
  const pairs = (
    await pool.query<{ email: string; activity_iri: string }>(
      `select p.email, m.activity_iri from enrolments e
         join participants p on p.id = e.participant_id
         join organisations o on o.id = p.organisation_id
         join cohorts c on c.id = e.cohort_id and c.status = 'running'
         join cohort_modules cm on cm.cohort_id = e.cohort_id
         join modules m on m.id = cm.module_id
        where o.path like $1 and p.erased_at is null and e.status in ('invited', 'active')
        order by md5(e.id::text || m.id::text) limit 20000`,
      [`${poiPath}%`],
    )
  ).rows;
  const verbs = ['initialized', 'progressed', 'completed', 'passed'];
  let next = 0;
  return () =>
    JSON.stringify(
      Array.from({ length: xapiBatch }, () => {
        const n = next++;
        const pair = pairs[n % pairs.length];
        if (!pair) throw new Error('no enrolments to send statements about');
        const verb = verbs[Math.floor(n / pairs.length) % verbs.length] ?? 'progressed';
        return {
          id: randomUUID(),
          actor: { objectType: 'Agent', mbox: `mailto:${pair.email}` },
          verb: { id: `http://adlnet.gov/expapi/verbs/${verb}` },
          object: { objectType: 'Activity', id: pair.activity_iri },
          ...(verb === 'passed' ? { result: { score: { scaled: 0.8 } } } : {}),
          timestamp: new Date().toISOString(),
        };
      }),
    );
}

/** An LRS key and secret (an API client with write:progress), as a learning platform has one. */
async function lrsKey() {
  const key = `bench_lrs_${randomUUID().slice(0, 8)}`;
  const secret = randomUUID();
  await pool.query(
    `insert into api_clients (id, client_id, name, secret_hash, scopes) values ($1, $2, 'Bench LRS key', $3, '{write:progress}')`,
    [randomUUID(), key, createHash('sha256').update(secret).digest('hex')],
  );
  return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
}

// ---------------------------------------------------------------------------------------------
// The report

const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits });

function versions(postgres: string) {
  const require = createRequire(join(root, 'api/package.json'));
  const fastify = (require('fastify/package.json') as { version: string }).version;
  return { node: process.version, postgres, fastify };
}

async function main() {
  await mkdir(tmp, { recursive: true });
  await prepareDatabase();
  const counts = await datasetCounts();
  const poi = await largestPoi();
  const postgres = (await one<{ server_version: string }>('show server_version')).server_version;
  log(`Dataset: ${JSON.stringify(counts)}; adviser at ${poi.name} (${poi.participants} participants)`);

  const profileDir = join(tmp, 'profiles');
  const api = await startServer(
    'api/src/server.ts',
    apiPort,
    {
      LOKET_SEED: 'none',
      LOG_LEVEL: 'warn',
      JWT_SECRET: jwtSecret,
      LOKET_DATA_DIR: join(tmp, 'data'),
      // One caller at full speed: counted like any caller (the cost is measured), never refused.
      RATE_LIMIT_PER_MINUTE: '100000000',
      CLIENT_RATE_LIMIT_PER_MINUTE: '100000000',
    },
    flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  const baseline = await startServer('test/bench/baseline.ts', baselinePort, { BENCH_SUBTREE_PATH: poi.path });
  const pid = api.process.pid;
  if (!pid) throw new Error('no API process id');

  try {
    const admin = await signIn('admin@bench.example');
    const adviser = await signIn('adviser@bench.example');
    const enrolment = await one<{ id: string }>(
      `select e.id from enrolments e join participants p on p.id = e.participant_id
         join organisations o on o.id = p.organisation_id where o.path like $1 order by e.id limit 1`,
      [`${poi.path}%`],
    );
    const exportSince = await one<{ since: Date }>(
      "select stored_at - interval '1 millisecond' as since from xapi_statements order by stored_at desc, id desc offset $1 limit 1",
      [exportRows - 1],
    );
    const only = flags.only?.split(',');
    const wanted = (key: string) => !only || only.includes(key);

    const r: Record<string, Measurement> = {};
    r.A = await load('A  baseline: Fastify + pg, same list query', get(baselinePort, '/participants?limit=25'));
    if (wanted('B')) {
      r.B = await load(
        'B  GET /v1/participants?limit=25 (adviser)',
        get(apiPort, '/v1/participants?limit=25', adviser),
      );
      r.B2 = await load(`B½ same at ${fmt(r.B.requestsPerSecond / 2)} req/s`, {
        ...get(apiPort, '/v1/participants?limit=25', adviser),
        overallRate: Math.max(1, Math.floor(r.B.requestsPerSecond / 2)),
      });
    }
    if (wanted('C'))
      r.C = await load('C  GET /v1/enrolments/{id} (adviser)', get(apiPort, `/v1/enrolments/${enrolment.id}`, adviser));
    if (wanted('D')) {
      r.Dpoi = await load(
        'D  progress report, one POI (adviser)',
        get(apiPort, `/v1/reports/progress?poiId=${poi.id}`, adviser),
      );
      r.Dall = await load(
        'D  progress report, whole country (admin)',
        get(apiPort, '/v1/reports/progress?groupBy=poi', admin),
      );
    }
    if (wanted('P')) {
      const cursor = await cursorOfPage(800, admin);
      r.P1 = await load('   national list, page 1 (admin)', get(apiPort, '/v1/participants?limit=25', admin));
      r.P800 = await load(
        '   national list, page 800 by cursor (admin)',
        get(apiPort, `/v1/participants?limit=25&cursor=${encodeURIComponent(cursor)}`, admin),
      );
      r.P800offset = await load(
        '   national list, page 800 by offset (admin)',
        get(apiPort, '/v1/participants?limit=25&offset=19975', admin),
      );
    }
    let exported: Awaited<ReturnType<typeof measureExport>> | undefined;
    if (wanted('F')) {
      exported = await measureExport(
        `/v1/exports/xapi-statements?since=${exportSince.since.toISOString()}`,
        admin,
        pid,
      );
    }
    if (wanted('E')) {
      const body = await statementFactory(poi.path);
      const authorization = await lrsKey();
      // As autovacuum leaves a freshly seeded database after its first pass: planned on real statistics.
      await pool.query('analyze');
      r.E = await load(`E  POST /v1/xapi/statements (${xapiBatch} a request, mixed learners, LRS key)`, {
        url: `http://127.0.0.1:${apiPort}/v1/xapi/statements`,
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/json',
          'x-experience-api-version': '1.0.3',
        },
        requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
        itemsPerRequest: xapiBatch,
      });
    }
    if (wanted('G')) {
      const file = await importFile(poi.path);
      r.G = await load(`G  enrolment import, ${importRows} lines, dry run (adviser)`, {
        url: `http://127.0.0.1:${apiPort}/v1/cohorts/${file.cohortId}/enrolments/import?dryRun=true`,
        method: 'POST',
        headers: { authorization: `Bearer ${adviser}`, 'content-type': 'text/csv' },
        body: file.csv,
        // Seconds per file before batching: a few at a time, or none would finish.
        connections: 2,
        timeout: 60,
      });
    }
    const memory = memoryOf(pid);
    await writeResults({ counts, poi, postgres, r, exported, memory });
  } finally {
    await stopServer(baseline);
    await stopServer(api);
    await pool.end();
  }
  await appendIdleRss(databaseUrl, join(root, 'test/bench/results.md'));
  if (flags.profile) log(`CPU profile written to ${relative(root, profileDir)}`);
}

interface Results {
  counts: Record<string, number>;
  poi: { name: string; participants: number };
  postgres: string;
  r: Record<string, Measurement>;
  exported: { seconds: number; rows: number; megabytes: number; rssBeforeMb: number; peakMb: number } | undefined;
  memory: { peakMb: number; rssMb: number };
}

async function writeResults({ counts, poi, postgres, r, exported, memory }: Results) {
  const v = versions(postgres);
  const a = r.A;
  const ratio = (m: Measurement) => (a ? `${fmt((100 * m.requestsPerSecond) / a.requestsPerSecond)} %` : '–');
  const met = (ok: boolean | undefined) => (ok === undefined ? '–' : ok ? 'met' : '**not met**');
  const row = (m: Measurement | undefined, target: string, ok: boolean | undefined) =>
    m
      ? `| ${m.name.trim()} | ${fmt(m.requestsPerSecond)} | ${m.p50} | ${m.p99} | ${ratio(m)} | ${m.errors} | ${target} | ${met(ok)} |`
      : '';
  const within = (x: Measurement | undefined, y: Measurement | undefined) =>
    x && y ? y.p50 <= Math.max(x.p50 * 1.25, x.p50 + 1) : undefined;
  const lines = [
    '# Loket benchmark',
    '',
    `Measured ${new Date().toISOString()} with \`${['pnpm bench', ...process.argv.slice(2)].join(' ')}\` (${duration} s per scenario after a 2 s warm-up, ${connections} connections, autocannon).`,
    `Node ${v.node}, PostgreSQL ${v.postgres}, Fastify ${v.fastify}. Loket runs as a child process (LOG_LEVEL=warn), as does the baseline.`,
    '',
    'The machine has 2 CPU cores shared with other work, and autocannon, Loket and PostgreSQL all run on it:',
    'absolute figures are noisy. Compare each figure with the baseline (A) measured in the same run.',
    '',
    `Dataset: ${Object.entries(counts)
      .map(([k, n]) => `${fmt(n)} ${k}`)
      .join(', ')}. The adviser advises ${poi.name} (${fmt(poi.participants)} participants).`,
    '',
    '| Scenario | req/s | p50 ms | p99 ms | vs A | errors | target | |',
    '|---|---:|---:|---:|---:|---:|---|---|',
  ];
  // Scenarios left out with --only have no row.
  const table = [
    row(a, 'ceiling', undefined),
    row(r.B, '≥ 60 % of A', r.B && a ? r.B.requestsPerSecond >= 0.6 * a.requestsPerSecond : undefined),
    row(r.B2, 'p99 < 25 ms', r.B2 ? r.B2.p99 < 25 : undefined),
    row(r.C, '', undefined),
    row(r.Dpoi, 'p50 < 50 ms', r.Dpoi ? r.Dpoi.p50 < 50 : undefined),
    row(r.Dall, 'p50 < 50 ms', r.Dall ? r.Dall.p50 < 50 : undefined),
    row(r.P1, '', undefined),
    row(r.P800, 'as fast as page 1', within(r.P1, r.P800)),
    row(r.P800offset, '(offset, for comparison)', undefined),
    r.E
      ? `| ${r.E.name.trim()} | ${fmt(r.E.requestsPerSecond)} | ${r.E.p50} | ${r.E.p99} | ${ratio(r.E)} | ${r.E.errors} | ≥ 2,000 statements/s: **${fmt(r.E.itemsPerSecond ?? 0)}**/s | ${met((r.E.itemsPerSecond ?? 0) >= 2000)} |`
      : '',
    row(r.G, '', undefined),
  ];
  lines.push(...table.filter(Boolean));
  if (exported) {
    lines.push(
      '',
      `**CSV export** (\`/v1/exports/xapi-statements?since=…\`, admin): ${fmt(exported.rows)} rows, ${fmt(exported.megabytes, 1)} MB in **${fmt(exported.seconds, 2)} s** (target < 3 s: ${met(exported.seconds < 3)}); API process RSS ${fmt(exported.rssBeforeMb)} MB before, peak **${fmt(exported.peakMb)} MB** during the export (target < 150 MB: ${met(exported.peakMb < 150)}; VmHWM reset before the export).`,
    );
  }
  lines.push(
    '',
    `API process after the run: RSS ${fmt(memory.rssMb)} MB, peak ${fmt(memory.peakMb)} MB since the export.`,
    '',
    `Reproduce: \`pnpm bench\` (PostgreSQL on 127.0.0.1:5432 as postgres with trust auth, or set BENCH_DATABASE_URL; BENCH_PARTICIPANTS=${participantCount}, BENCH_DURATION=${duration}, BENCH_CONNECTIONS=${connections}).`,
    '',
  );
  const file = join(root, 'test/bench/results.md');
  await writeFile(file, lines.join('\n'));
  log(`\nWrote ${relative(root, file)}`);
}

await main();
