import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/ports';

/**
 * Idle resident memory of the API as shipped (api/dist with plain node) against the same server run
 * through tsx, one process each (WORKERS=1), and of WORKERS=2 (supervisor plus workers), started on
 * an already migrated database without seeding and left idle a few seconds. Linux (/proc).
 */
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const idleMs = 5000;

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;

const childrenOf = (pid: number) =>
  execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0);

/** Starts one variant, waits until it is ready and idle, and answers the RSS of each of its processes. */
async function idleProcesses(args: string[], databaseUrl: string, dataDir: string, workers: number): Promise<number[]> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      LOKET_SEED: 'none',
      LOG_LEVEL: 'warn',
      WORKERS: String(workers),
      // Fixed, so that every variant keeps the issuer key the first one made.
      PUBLIC_URL: 'http://loket.bench.example',
      JWT_SECRET: 'bench-jwt-secret-0123456789abcdef0123456789',
      LOKET_DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk) => {
    errors += chunk;
  });
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}:\n${errors}`);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
      if (ready?.status === 200 && (workers === 1 || childrenOf(child.pid ?? 0).length === workers)) break;
      if (Date.now() > deadline) throw new Error(`${args.join(' ')} did not become ready`);
      await new Promise((done) => setTimeout(done, 200));
    }
    // All workers listening, and then idle.
    await new Promise((done) => setTimeout(done, idleMs));
    const pid = child.pid ?? 0;
    return [rssMb(pid), ...(workers === 1 ? [] : childrenOf(pid).map(rssMb))];
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  }
}

export interface IdleRss {
  compiled: number;
  tsx: number;
  /** WORKERS=2, compiled: the supervisor, then each worker. */
  cluster: number[];
}

/** Builds api/dist and measures the three variants one after the other. */
export async function measureIdleRss(databaseUrl: string): Promise<IdleRss> {
  execFileSync(process.execPath, ['api/build.mjs'], { cwd: root, stdio: 'ignore' });
  const dataDir = await mkdtemp(join(tmpdir(), 'loket-idle-rss-'));
  try {
    const run = (args: string[], workers: number) => idleProcesses(args, databaseUrl, dataDir, workers);
    const compiled = (await run(['api/dist/server.js'], 1))[0] ?? Number.NaN;
    const tsx = (await run(['--import', 'tsx', 'api/src/server.ts'], 1))[0] ?? Number.NaN;
    const cluster = await run(['api/dist/server.js'], 2);
    return { compiled, tsx, cluster };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function idleRssLines(rss: IdleRss): string[] {
  const mb = (n: number) => `${n.toFixed(0)} MB`;
  const total = rss.cluster.reduce((sum, n) => sum + n, 0);
  return [
    '',
    `**Idle RSS** (started without seeding, then ${idleMs / 1000} s idle; \`test/bench/idle-rss.ts\`): compiled (\`node api/dist/server.js\`, WORKERS=1) **${mb(rss.compiled)}**; the same server through tsx ${mb(rss.tsx)}; compiled with WORKERS=2: supervisor ${mb(rss.cluster[0] ?? Number.NaN)}, workers ${rss.cluster.slice(1).map(mb).join(' and ')} (${mb(total)} together).`,
  ];
}

/** Adds the idle RSS paragraph to a results file (`pnpm bench` calls it after writing its table). */
export async function appendIdleRss(databaseUrl: string, file: string): Promise<void> {
  await appendFile(file, `${idleRssLines(await measureIdleRss(databaseUrl)).join('\n')}\n`);
}

// `tsx test/bench/idle-rss.ts [database url]`: the figures alone.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const url = process.argv[2] ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/loket_bench';
  process.stdout.write(`${idleRssLines(await measureIdleRss(url)).join('\n')}\n`);
}
