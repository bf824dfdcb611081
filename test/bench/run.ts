import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { connect, type Database, insertUser, seedScale } from '@loket/db';
import autocannon from 'autocannon';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Caller } from '../../api/src/lib/caller';
import { hashPassword } from '../../api/src/lib/passwords';
import * as participantService from '../../api/src/resources/participants/service';
import { appendIdleRss } from './idle-rss';

/**
 * `pnpm bench`: seeds a national dataset into a fresh PostgreSQL database, starts Loket and a bare
 * Fastify + pg baseline as child processes (Loket compiled, as `pnpm start` and the image run it,
 * with its default WORKERS), and measures both side by side in one run. Writes
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
/** Loket's API processes: as shipped (one per core) unless WORKERS says otherwise; one under --profile. */
const loketWorkers = flags.profile ? '1' : (process.env.WORKERS ?? String(availableParallelism()));
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
  // As autovacuum leaves a freshly seeded database after its first pass (the seed is one
  // transaction, so the read model's counters carry every intermediate version until then).
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('vacuum analyze');
  await client.end();
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

/** The servers started, by port, so a load knows whose processes to charge its CPU time to. */
const servers = new Map<number, Server>();

async function startServer(script: string, port: number, env: Record<string, string>, nodeFlags: string[] = []) {
  // TypeScript sources run through tsx; Loket itself runs as shipped, compiled, with plain node.
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...nodeFlags, ...loader, script], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      const server: Server = { process: child, port };
      servers.set(port, server);
      return server;
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

/** The processes that serve requests: the supervisor's workers, or the process itself with WORKERS=1. */
function servingProcesses(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  return children.length > 0 ? children.map(Number) : [pid];
}

/** Peak and current resident memory of the largest serving process, from /proc (Linux). */
function memoryOf(pid: number) {
  const each = servingProcesses(pid).map((serving) => {
    const status = readFileSync(`/proc/${serving}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
    return { peakMb: kib('VmHWM') / 1024, rssMb: kib('VmRSS') / 1024 };
  });
  return {
    peakMb: Math.max(...each.map((m) => m.peakMb)),
    rssMb: Math.max(...each.map((m) => m.rssMb)),
  };
}

/** Resets VmHWM to the current RSS, so the next peak belongs to what runs next. */
async function resetPeak(pid: number) {
  for (const serving of servingProcesses(pid)) await writeFile(`/proc/${serving}/clear_refs`, '5');
}

const clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** User and system CPU time of each process, in ms, from /proc (Linux); a process gone meanwhile is left out. */
function cpuMsOf(pids: number[]): Map<number, number> {
  const spent = new Map<number, number>();
  for (const pid of pids) {
    try {
      // The fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      spent.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond);
    } catch {}
  }
  return spent;
}

/** What the processes alive now spent since `before` (a process started meanwhile: all it spent). */
function cpuMsSince(before: Map<number, number>, pids: number[]): number {
  let ms = 0;
  for (const [pid, now] of cpuMsOf(pids)) ms += now - (before.get(pid) ?? 0);
  return ms;
}

function postgresProcesses(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * Starts counting the CPU time the server behind `url` (all its processes) and PostgreSQL (every
 * backend) spend; the returned function divides it by the requests answered meanwhile.
 */
function cpuMeter(url: string) {
  const server = servers.get(Number(new URL(url).port));
  const pid = server?.process.pid;
  const nodePids = pid ? [pid, ...servingProcesses(pid).filter((serving) => serving !== pid)] : [];
  const postgresPids = postgresProcesses();
  const nodeBefore = cpuMsOf(nodePids);
  const postgresBefore = cpuMsOf(postgresPids);
  return (requests: number): CpuPerRequest => ({
    nodeMs: cpuMsSince(nodeBefore, nodePids) / requests,
    // Backends opened meanwhile count too; one closed meanwhile is left out (pools keep theirs open).
    postgresMs: cpuMsSince(postgresBefore, postgresProcesses()) / requests,
  });
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
  cpu?: CpuPerRequest;
}

/** CPU time per request answered: the serving Node processes' and PostgreSQL's. */
interface CpuPerRequest {
  nodeMs: number;
  postgresMs: number;
}

async function load(
  name: string,
  options: autocannon.Options & { itemsPerRequest?: number },
  seconds = duration,
): Promise<Measurement> {
  const { itemsPerRequest, ...cannon } = options;
  // A short warm-up, not counted: the JIT and the connection pools settle.
  await autocannon({ ...cannon, duration: 2 });
  const meter = cpuMeter(String(cannon.url));
  const result = await autocannon({ connections, ...cannon, duration: seconds });
  const cpu = meter(result.requests.total);
  const errors = result.errors + result.non2xx + result.timeouts;
  const measurement: Measurement = {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    ...(itemsPerRequest ? { itemsPerSecond: (result['2xx'] * itemsPerRequest) / result.duration } : {}),
    cpu,
  };
  logMeasurement(measurement);
  return measurement;
}

function logMeasurement(m: Measurement) {
  log(
    `${m.name.padEnd(44)} ${m.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms${m.errors ? `  ${m.errors} errors` : ''}${m.itemsPerSecond ? `  ${m.itemsPerSecond.toFixed(0)} statements/s` : ''}${m.cpu ? `  CPU ${cpuText(m.cpu)} ms/request` : ''}`,
  );
}

const cpuText = (cpu: CpuPerRequest) => `${cpu.nodeMs.toFixed(2)} + ${cpu.postgresMs.toFixed(2)}`;

/**
 * Requests at a steady rate, evenly spaced (an open load: one every 1/rate seconds, whatever the
 * answers take), each timed from the moment it was due, so waiting behind earlier ones counts.
 * autocannon's overallRate cannot measure this: each connection sends its quota for the second
 * back to back and then pauses (full-speed bursts), and it corrects for coordinated omission with
 * an expected interval of 1 ms, back-filling latencies no request had.
 */
async function steady(
  name: string,
  target: autocannon.Options,
  rate: number,
  seconds = duration,
): Promise<Measurement> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const headers = (target.headers ?? {}) as Record<string, string>;
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(target.url, { agent, headers }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  const run = async (runSeconds: number) => {
    const latencies: number[] = [];
    let errors = 0;
    const answers: Array<Promise<void>> = [];
    const start = performance.now();
    const count = Math.round(rate * runSeconds);
    for (let n = 0; n < count; n++) {
      const due = start + (n * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      answers.push(
        once().then(
          (status) => {
            if (status >= 300) errors += 1;
            else latencies.push(performance.now() - due);
          },
          () => {
            errors += 1;
          },
        ),
      );
    }
    await Promise.all(answers);
    return { latencies, errors, seconds: (performance.now() - start) / 1000 };
  };
  await run(2);
  const meter = cpuMeter(String(target.url));
  const { latencies, errors, seconds: took } = await run(seconds);
  const cpu = meter(latencies.length + errors);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(10 * (sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN)) / 10;
  const measurement: Measurement = {
    name,
    requestsPerSecond: latencies.length / took,
    p50: at(0.5),
    p99: at(0.99),
    errors,
    cpu,
  };
  logMeasurement(measurement);
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

/**
 * The SQL Loket sends for the adviser's list page and for one participant, captured from Loket's
 * own service code (through a logging drizzle), so the baseline runs exactly those statements.
 */
async function loketQueries(poiPath: string, participantId: string) {
  const captured: Array<{ text: string; params: unknown[] }> = [];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const db = drizzle(client, {
    casing: 'snake_case',
    logger: { logQuery: (text, params) => captured.push({ text, params }) },
  }) as unknown as Database;
  const caller = { scope: { kind: 'subtree', path: poiPath } } as Caller;
  await participantService.list(db, caller, { limit: 25, sort: 'familyName,givenName' });
  const list = captured.splice(0);
  await participantService.get(db, caller, participantId);
  const read = captured.splice(0);
  await client.end();
  return { list, read, readId: participantId };
}

/** Tops the statements up to `rows` with copies (new ids, stored earlier), for the large export. */
async function statementsAtLeast(rows: number) {
  const have = (await one<{ n: number }>('select count(*)::int as n from xapi_statements')).n;
  if (have >= rows) return;
  log(`Copying ${rows - have} xAPI statements for the large export …`);
  await pool.query(
    `insert into xapi_statements (id, participant_id, actor_key, verb, activity_iri, object_agent_key, registration,
       related_agent_keys, related_activity_iris, stored_by, statement, timestamp, stored_at)
     select c.id, c.participant_id, c.actor_key, c.verb, c.activity_iri, c.object_agent_key, c.registration,
       c.related_agent_keys, c.related_activity_iris, c.stored_by, c.statement || jsonb_build_object('id', c.id),
       c.timestamp, c.stored_at - interval '1000 days'
     from (select gen_random_uuid() as id, s.participant_id, s.actor_key, s.verb, s.activity_iri, s.object_agent_key,
             s.registration, s.related_agent_keys, s.related_activity_iris, s.stored_by, s.statement, s.timestamp,
             s.stored_at
           from (select *, row_number() over () as n from xapi_statements) s
           cross join generate_series(1, ceil($1::numeric / $2)::int) g
           where (g - 1) * $2 + s.n <= $1) c`,
    [rows - have, have],
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** The median of each figure over the rounds. */
function medianOf(name: string, runs: Measurement[]): Measurement {
  return {
    name,
    requestsPerSecond: median(runs.map((m) => m.requestsPerSecond)),
    p50: median(runs.map((m) => m.p50)),
    p99: median(runs.map((m) => m.p99)),
    errors: runs.reduce((n, m) => n + m.errors, 0),
    cpu: {
      nodeMs: median(runs.map((m) => m.cpu?.nodeMs ?? Number.NaN)),
      postgresMs: median(runs.map((m) => m.cpu?.postgresMs ?? Number.NaN)),
    },
  };
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

async function main() {
  await mkdir(tmp, { recursive: true });
  await prepareDatabase();
  const counts = await datasetCounts();
  const poi = await largestPoi();
  const postgres = (await one<{ server_version: string }>('show server_version')).server_version;
  log(`Dataset: ${JSON.stringify(counts)}; adviser at ${poi.name} (${poi.participants} participants)`);
  const participant = await one<{ id: string }>(
    `select p.id from participants p join organisations o on o.id = p.organisation_id
      where o.path like $1 order by p.id offset 100 limit 1`,
    [`${poi.path}%`],
  );
  const queries = await loketQueries(poi.path, participant.id);
  const loadBefore = loadavg();

  const profileDir = join(tmp, 'profiles');
  // As shipped: the compiled bundle, WORKERS processes (default one per core); one under --profile.
  execFileSync('node', ['api/build.mjs'], { cwd: root, stdio: 'ignore' });
  const api = await startServer(
    'api/dist/server.js',
    apiPort,
    {
      WORKERS: loketWorkers,
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
  let baseline: Server | undefined;
  try {
    baseline = await startServer('test/bench/baseline.ts', baselinePort, { BENCH_QUERIES: JSON.stringify(queries) });
    const pid = api.process.pid;
    if (!pid) throw new Error('no API process id');
    const idleMemory = memoryOf(pid);
    const admin = await signIn('admin@bench.example');
    const adviser = await signIn('adviser@bench.example');
    const only = flags.only?.split(',');
    const wanted = (key: string) => !only || only.includes(key);
    const r: Record<string, Measurement> = {};
    const loads: number[] = [];

    if (wanted('R')) {
      // Loket and the bare server take turns, round after round, so drift in the machine's load
      // falls on both alike; each figure is the median of its rounds.
      const runs: Record<string, Measurement[]> = {};
      const add = (key: string, m: Measurement) => {
        runs[key] = [...(runs[key] ?? []), m];
      };
      const listPath = '/v1/participants?limit=25';
      const readPath = `/v1/participants/${participant.id}`;
      for (let round = 1; round <= rounds; round++) {
        log(`Round ${round} of ${rounds} (load ${loadavg()[0]?.toFixed(1)})`);
        loads.push(loadavg()[0] ?? Number.NaN);
        add('Abare', await load('bare, same list query', get(baselinePort, '/participants?limit=25')));
        add('Aloket', await load('Loket, list page with total', get(apiPort, listPath, adviser)));
        add('Asimple', await load('bare, ORDER BY id', get(baselinePort, '/participants-by-id?limit=25')));
        add('Cbare', await load('bare, one participant', get(baselinePort, `/participants/${participant.id}`)));
        add('Cloket', await load('Loket, one participant', get(apiPort, readPath, adviser)));
        const half = Math.max(1, Math.floor((runs.Aloket?.at(-1)?.requestsPerSecond ?? 2) / 2));
        add(
          'Hloket',
          await steady(`Loket list at ${half} req/s, evenly spaced`, get(apiPort, listPath, adviser), half),
        );
        add(
          'Hbare',
          await steady(`bare list at ${half} req/s, evenly spaced`, get(baselinePort, '/participants?limit=25'), half),
        );
      }
      const half = median((runs.Aloket ?? []).map((m) => Math.floor(m.requestsPerSecond / 2)));
      const names: Record<string, string> = {
        Abare: 'bare Fastify + pg: list page, Loket’s queries (page, total, sync watermark)',
        Aloket: 'Loket: GET /v1/participants?limit=25 (adviser)',
        Asimple: 'bare Fastify + pg: 25 rows ORDER BY id, no scope, no total',
        Cbare: 'bare Fastify + pg: one participant, Loket’s query',
        Cloket: 'Loket: GET /v1/participants/{id} (adviser)',
        Hbare: `bare Fastify + pg: list at half Loket’s peak, evenly spaced (≈${fmt(half)} req/s)`,
        Hloket: `Loket: list at half its peak, evenly spaced (≈${fmt(half)} req/s)`,
      };
      for (const [key, list] of Object.entries(runs)) r[key] = medianOf(names[key] ?? key, list);
    }

    if (wanted('P')) {
      const cursor = await cursorOfPage(800, admin);
      const first: Measurement[] = [];
      const deep: Measurement[] = [];
      // Alternating rounds, as for the reads: one 10-second load each would compare the machine's drift.
      for (let round = 1; round <= rounds; round++) {
        first.push(await load('national list, page 1 (admin)', get(apiPort, '/v1/participants?limit=25', admin)));
        deep.push(
          await load(
            'national list, page 800 by cursor (admin)',
            get(apiPort, `/v1/participants?limit=25&cursor=${encodeURIComponent(cursor)}`, admin),
          ),
        );
      }
      r.P1 = medianOf('national list, page 1 (admin)', first);
      r.P800 = medianOf('national list, page 800 by cursor (admin)', deep);
    }

    const reports: Array<{ name: string; m: Measurement }> = [];
    if (wanted('D')) {
      const reportPaths: Array<[string, string, string]> = [
        ['progress, one POI (adviser)', `/v1/reports/progress?poiId=${poi.id}`, adviser],
        ['progress per POI, country (admin)', '/v1/reports/progress?groupBy=poi', admin],
        ['progress per library, country (admin)', '/v1/reports/progress?groupBy=library', admin],
        ['progress per module, country (admin)', '/v1/reports/progress?groupBy=module', admin],
        ['rollout, country (admin)', '/v1/reports/rollout', admin],
        ['attendance, country (admin)', '/v1/reports/attendance', admin],
        ['certificates, country (admin)', '/v1/reports/certificates', admin],
        ['evaluations per library, country (admin)', '/v1/reports/evaluations?groupBy=library', admin],
      ];
      for (const [name, path, token] of reportPaths) {
        // One request at a time: the time one report takes, not how many fit in parallel.
        reports.push({ name, m: await load(`report: ${name}`, { ...get(apiPort, path, token), connections: 1 }, 5) });
      }
    }

    const exportsMeasured: Array<Awaited<ReturnType<typeof measureExport>>> = [];
    if (wanted('F')) {
      for (const rows of [exportRows, 1_000_000]) {
        await statementsAtLeast(rows);
        const since = await one<{ since: Date }>(
          "select stored_at - interval '1 millisecond' as since from xapi_statements order by stored_at desc, sequence desc offset $1 limit 1",
          [rows - 1],
        );
        // The 100,000-row export once per round (one download is at the mercy of the machine); the
        // million rows once, for how memory grows with the rows.
        for (let round = 1; round <= (rows === exportRows ? rounds : 1); round++) {
          exportsMeasured.push(
            await measureExport(`/v1/exports/xapi-statements?since=${since.since.toISOString()}`, admin, pid),
          );
        }
      }
    }

    if (wanted('E')) {
      const body = await statementFactory(poi.path);
      const authorization = await lrsKey();
      r.E = await load(`E  POST /v1/xapi/statements (${xapiBatch} a request, mixed learners, LRS key)`, {
        url: `http://127.0.0.1:${apiPort}/v1/xapi/statements`,
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json', 'x-experience-api-version': '1.0.3' },
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
        connections: 2,
        timeout: 60,
      });
    }
    const memory = memoryOf(pid);
    const loadAfter = loadavg();
    await writeResults({
      counts,
      poi,
      postgres,
      r,
      reports,
      exportsMeasured,
      memory,
      idleMemory,
      load: { before: loadBefore, rounds: loads, after: loadAfter },
    });
  } finally {
    if (baseline) await stopServer(baseline);
    await stopServer(api);
    await pool.end();
  }
  await appendIdleRss(databaseUrl, join(root, process.env.BENCH_RESULTS ?? 'test/bench/results.md'));
  if (flags.profile) log(`CPU profile written to ${relative(root, profileDir)}`);
}

interface Results {
  counts: Record<string, number>;
  poi: { name: string; participants: number };
  postgres: string;
  r: Record<string, Measurement>;
  reports: Array<{ name: string; m: Measurement }>;
  exportsMeasured: Array<{ seconds: number; rows: number; megabytes: number; rssBeforeMb: number; peakMb: number }>;
  memory: { peakMb: number; rssMb: number };
  idleMemory: { peakMb: number; rssMb: number };
  load: { before: number[]; rounds: number[]; after: number[] };
}

async function writeResults(x: Results) {
  const v = versions(x.postgres);
  const { r } = x;
  const met = (ok: boolean | undefined) => (ok === undefined ? '–' : ok ? 'met' : '**not met**');
  const pct = (a: Measurement | undefined, b: Measurement | undefined) =>
    a && b ? `${fmt((100 * a.requestsPerSecond) / b.requestsPerSecond)} %` : '–';
  const row = (m: Measurement | undefined, ratio: string, target: string, ok: boolean | undefined) =>
    m
      ? `| ${m.name} | ${fmt(m.requestsPerSecond)} | ${m.p50} | ${m.p99} | ${m.cpu ? cpuText(m.cpu) : ''} | ${ratio} | ${m.errors} | ${target} | ${met(ok)} |`
      : '';
  const cores = (await import('node:os')).cpus().length;
  const loads = (l: number[]) => l.map((n) => n.toFixed(1)).join(' / ');
  const high = Math.max(...x.load.before.slice(0, 1), ...x.load.rounds, ...x.load.after.slice(0, 1)) > cores;
  const lines = [
    '# Loket benchmark',
    '',
    `Measured ${new Date().toISOString()} with \`${[`BENCH_PARTICIPANTS=${participantCount}`, 'pnpm bench', ...process.argv.slice(2)].join(' ')}\` (${duration} s per load after a 2 s warm-up, ${connections} connections, autocannon; ${rounds} alternating rounds, medians).`,
    `Node ${v.node}, PostgreSQL ${v.postgres}, Fastify ${v.fastify}. Loket (compiled, ${loketWorkers} worker process(es)) and the bare baseline (one process) run as child processes on the same machine, with autocannon and PostgreSQL.`,
    '',
    `**Machine load** (1/5/15-minute load average, ${cores} cores): before ${loads(x.load.before)}; at the start of each round ${loads(x.load.rounds)}; after ${loads(x.load.after)}.` +
      (high
        ? ' **The load was high** (above the number of cores; it counts the bench’s own processes, the load generator, both servers and PostgreSQL, beside any other work), so absolute figures are noisy; compare each with the baseline measured beside it in the same rounds.'
        : ''),
    '',
    `Dataset: ${Object.entries(x.counts)
      .map(([k, n]) => `${fmt(n)} ${k}`)
      .join(', ')}. The adviser advises ${x.poi.name} (${fmt(x.poi.participants)} participants).`,
    '',
    '## Reads beside a bare Fastify + pg server',
    '',
    'The bare server runs the very statements Loket sends for the same request (captured from Loket’s service code), on the same rows in the same order. Ratios only where the work is the same. CPU per request is the user and system time (from /proc) of the server’s processes (Loket’s supervisor and workers, or the bare process) and of every PostgreSQL process over the measured seconds, divided by the requests answered; the load generator, in the bench’s own process, is not counted.',
    '',
    '| Scenario | req/s | p50 ms | p99 ms | CPU ms per request: server + PostgreSQL | Loket / bare | errors | target | |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
    row(r.Abare, '', '', undefined),
    row(
      r.Aloket,
      pct(r.Aloket, r.Abare),
      '≥ 60 % of bare',
      r.Aloket && r.Abare ? r.Aloket.requestsPerSecond >= 0.6 * r.Abare.requestsPerSecond : undefined,
    ),
    row(r.Asimple, '(other work: no ratio)', 'shows what the query costs', undefined),
    row(r.Cbare, '', '', undefined),
    row(
      r.Cloket,
      pct(r.Cloket, r.Cbare),
      '≥ 50 % of bare',
      r.Cloket && r.Cbare ? r.Cloket.requestsPerSecond >= 0.5 * r.Cbare.requestsPerSecond : undefined,
    ),
    row(r.Hbare, '', '', undefined),
    row(r.Hloket, '', 'p99 < 25 ms', r.Hloket ? r.Hloket.p99 < 25 : undefined),
    row(
      r.E,
      '',
      `≥ 2,000 statements/s: ${fmt(r.E?.itemsPerSecond ?? 0)}/s`,
      r.E ? (r.E.itemsPerSecond ?? 0) >= 2000 : undefined,
    ),
    row(r.G, '', '', undefined),
    row(r.P1, '', '', undefined),
    row(
      r.P800,
      '',
      'p50 as page 1',
      r.P1 && r.P800 ? r.P800.p50 <= Math.max(r.P1.p50 * 1.25, r.P1.p50 + 1) : undefined,
    ),
  ].filter((line, i, all) => line !== '' || all[i - 1] !== '');
  if (x.reports.length > 0) {
    lines.push(
      '',
      '## Reports (one request at a time, 5 s each; p50 is the median of every request)',
      '',
      '| Report | req/s | p50 ms | p99 ms | errors | target | |',
      '|---|---:|---:|---:|---:|---|---|',
      ...x.reports.map(
        ({ name, m }) =>
          `| ${name} | ${fmt(m.requestsPerSecond)} | ${m.p50} | ${m.p99} | ${m.errors} | p50 < 50 ms | ${met(m.p50 < 50 && m.errors === 0)} |`,
      ),
    );
  }
  if (x.exportsMeasured.length > 0) {
    lines.push(
      '',
      '## CSV export (`/v1/exports/xapi-statements?since=…`, admin; VmHWM reset before each)',
      '',
      '| rows | MB | seconds | RSS before MB | peak RSS MB | growth MB |',
      '|---:|---:|---:|---:|---:|---:|',
      ...x.exportsMeasured.map(
        (e) =>
          `| ${fmt(e.rows)} | ${fmt(e.megabytes, 1)} | ${fmt(e.seconds, 2)} | ${fmt(e.rssBeforeMb)} | ${fmt(e.peakMb)} | ${fmt(e.peakMb - e.rssBeforeMb)} |`,
      ),
    );
    const small = x.exportsMeasured.filter((e) => e.rows <= exportRows);
    if (small.length > 0) {
      const seconds = median(small.map((e) => e.seconds));
      const peak = Math.max(...small.map((e) => e.peakMb));
      lines.push(
        '',
        `${fmt(exportRows)} rows, ${small.length} download(s): median ${fmt(seconds, 2)} s, highest peak ${fmt(peak)} MB. Target: under 3 s with a peak under 150 MB: ${met(seconds < 3 && peak < 150)}. The million rows show whether memory grows with the rows.`,
      );
    }
  }
  lines.push(
    '',
    `API process (the largest worker): RSS ${fmt(x.idleMemory.rssMb)} MB idle after start, ${fmt(x.memory.rssMb)} MB after the run.`,
    '',
    `Reproduce: \`pnpm bench\` (PostgreSQL on 127.0.0.1:5432 as postgres with trust auth, or set BENCH_DATABASE_URL; BENCH_PARTICIPANTS=${participantCount}, BENCH_DURATION=${duration}, BENCH_CONNECTIONS=${connections}, BENCH_ROUNDS=${rounds}).`,
    '',
  );
  const file = join(root, process.env.BENCH_RESULTS ?? 'test/bench/results.md');
  await writeFile(file, lines.join('\n'));
  log(`\nWrote ${relative(root, file)}`);
}

await main();
