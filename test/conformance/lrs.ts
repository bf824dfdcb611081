/**
 * `pnpm test:lrs`: ADL's xAPI LRS conformance test suite (MIT) against a running Loket.
 *
 * Copies the suite (from LRS_SUITE_DIR, which .ci/run sets to the copy beside the checkout) to a
 * temporary folder, installs its
 * dependencies from npm, makes a throwaway PostgreSQL database (on LRS_DATABASE_URL's server,
 * default postgres://postgres@127.0.0.1:5432/postgres), starts Loket on a free port with an API
 * client (scope write:progress) as the LRS key and secret, and runs the suite for xAPI 1.0.3 over
 * HTTP Basic. Prints the suite's failures and `lrs conformance: N passed, N failed`; exits non-zero
 * when a test failed or the suite could not run. For work on a few requirements: LRS_SUITE_FILES
 * picks the 1.0.3 test files whose names contain one of its comma-separated words (a failing setup
 * hook ends a whole mocha run, so one file at a time shows more), arguments after `--` go to the
 * suite's console runner (`-g <pattern>`), and LRS_SUITE_WORK names a folder that keeps an
 * installed copy between runs.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, insertApiClient } from '@loket/db';
import pg from 'pg';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const serverUrl = process.env.LRS_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function exists(path: string) {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function suiteSource(): Promise<string> {
  const dir = process.env.LRS_SUITE_DIR;
  if (dir && (await exists(join(dir, 'bin/console_runner.js')))) return dir;
  throw new Error(
    `ADL's LRS conformance suite is not at LRS_SUITE_DIR (${dir ?? 'unset'}): set it to a copy of the suite.`,
  );
}

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; quiet?: boolean }) {
  return new Promise<{ code: number; output: string }>((done) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (!options.quiet) process.stdout.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}

async function installedSuite(source: string): Promise<{ dir: string; temporary: boolean }> {
  const kept = process.env.LRS_SUITE_WORK;
  const dir = kept ?? (await mkdtemp(join(tmpdir(), 'lrs-suite-')));
  if (kept && (await exists(join(kept, 'node_modules/mocha')))) return { dir, temporary: false };
  await cp(source, dir, { recursive: true });
  console.log(`Installing the suite's dependencies in ${dir} ...`);
  const install = await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    quiet: true,
  });
  if (install.code !== 0) throw new Error(`npm install of the suite failed:\n${install.output}`);
  return { dir, temporary: !kept };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function throwawayDatabase() {
  const name = `loket_lrs_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** The LRS key and secret: an API client with write:progress, bound to no organisation. */
async function lrsKey(databaseUrl: string) {
  const connection = await connect({ databaseUrl, maxConnections: 2 });
  await connection.migrate();
  const key = `lrs_conformance_${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(24).toString('base64url');
  await insertApiClient(connection.db, {
    clientId: key,
    name: 'ADL LRS conformance suite',
    scopes: ['write:progress'],
    organisationId: null,
    secretHash: createHash('sha256').update(secret).digest('hex'),
  });
  await connection.close();
  return { key, secret };
}

async function startLoket(databaseUrl: string, dataDir: string) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/server.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      LOKET_DATA_DIR: dataDir,
      LOKET_SEED: 'none',
      JWT_SECRET: randomBytes(32).toString('hex'),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      // The suite is one client making thousands of requests; throttling it would only slow the run.
      CLIENT_RATE_LIMIT_PER_MINUTE: '0',
      MAX_EVENT_LOOP_DELAY_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Loket exited while starting:\n${output}`);
    const ready = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(2000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Loket did not become ready:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 300));
  }
  return {
    endpoint: `${base}/v1/xapi`,
    output: () => output,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** The suite's arguments for the version or for a folder of some of its 1.0.3 test files. */
async function selection(dir: string): Promise<string[]> {
  const words = (process.env.LRS_SUITE_FILES ?? '').split(',').filter(Boolean);
  if (words.length === 0) return ['-x', '1.0.3'];
  const all = join(dir, 'test/v1_0_3');
  const folder = 'v1_0_3_selected';
  const selected = join(dir, 'test', folder);
  await rm(selected, { recursive: true, force: true });
  await mkdir(selected);
  // The helper finds the configs and templates under the folder it runs.
  await symlink(join(all, 'configs'), join(selected, 'configs'));
  await symlink(join(all, 'templates'), join(selected, 'templates'));
  const files = (await readdir(all)).filter((file) => file.endsWith('.js') && words.some((w) => file.includes(w)));
  for (const file of files) await cp(join(all, file), join(selected, file));
  console.log(`Test files: ${files.join(', ')}`);
  return ['-d', folder];
}

interface LogNode {
  title?: string;
  status?: string;
  error?: string;
  tests?: LogNode[];
}

/** The failed tests of the suite's log, with the titles of the describes they are in. */
function failures(node: LogNode | undefined, path: string[] = []): string[] {
  if (!node) return [];
  const here = node.title ? [...path, node.title] : path;
  const children = node.tests ?? [];
  if (children.length === 0) return node.status === 'failed' ? [`${here.join(' > ')}\n    ${node.error ?? ''}`] : [];
  return children.flatMap((child) => failures(child, here));
}

async function main() {
  const started = Date.now();
  const extra = process.argv.slice(2).filter((arg) => arg !== '--');
  const source = await suiteSource();
  const suite = await installedSuite(source);
  const database = await throwawayDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'loket-lrs-'));
  let loket: Awaited<ReturnType<typeof startLoket>> | undefined;
  try {
    const { key, secret } = await lrsKey(database.url);
    loket = await startLoket(database.url, dataDir);
    console.log(`Running ADL's LRS conformance suite (xAPI 1.0.3) against ${loket.endpoint} ...`);
    const runner = await run(
      process.execPath,
      [
        'bin/console_runner.js',
        '-e',
        loket.endpoint,
        '-a',
        '-u',
        key,
        '-p',
        secret,
        ...(await selection(suite.dir)),
        '-z',
        ...extra,
      ],
      { cwd: suite.dir, quiet: true },
    );
    const logPath = /Full run log written to (.+\.log)/.exec(runner.output)?.[1];
    const summaries = [...runner.output.matchAll(/^\{"total":.*\}$/gm)].map((m) => JSON.parse(m[0]));
    const summary = summaries[summaries.length - 1] as { total: number; passed: number; failed: number } | undefined;
    if (!summary || !logPath) {
      console.log(runner.output.slice(-5000));
      throw new Error('The suite ended without a summary.');
    }
    const log = JSON.parse(await readFile(logPath, 'utf8')) as { log?: LogNode };
    const failed = failures(log.log);
    for (const line of failed) console.log(`FAIL ${line}`);
    const seconds = Math.round((Date.now() - started) / 1000);
    const suiteSeconds = Number(/Tests completed in ([\d.]+) seconds/.exec(runner.output)?.[1] ?? 0);
    console.log(`Duration: ${seconds} s in all, ${Math.round(suiteSeconds)} s of tests`);
    console.log(`lrs conformance: ${summary.passed} passed, ${summary.failed} failed`);
    process.exitCode = summary.failed > 0 || summary.passed === 0 ? 1 : 0;
  } finally {
    await loket?.stop();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
    if (suite.temporary) await rm(suite.dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.log('lrs conformance: 0 passed, 1 failed');
  process.exitCode = 1;
});
