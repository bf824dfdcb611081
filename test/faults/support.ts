import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../support/ports';

/** The shared PostgreSQL server; every run makes a database of its own on it and drops it after. */
export const serverUrl = process.env.FAULTS_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const root = new URL('../..', import.meta.url).pathname;

export interface FaultDatabase {
  url: string;
  /** A client straight to the database, bypassing any proxy. */
  query<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function createDatabase(): Promise<FaultDatabase> {
  const name = `loket_faults_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  pool.on('error', () => {});
  return {
    url: url.toString(),
    query: async (text, values) => (await pool.query(text, values as unknown[])).rows,
    async drop() {
      await pool.end();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/**
 * A TCP proxy between the API and PostgreSQL. Cutting it destroys every open connection and refuses
 * new ones, which is what a database restart or a network failure looks like to the API.
 */
export class DatabaseProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** Holds every chunk from the database back this long: slow queries on demand. */
  delayMs = 0;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(databaseUrl: string): Promise<DatabaseProxy> {
    const url = new URL(databaseUrl);
    const proxy = new DatabaseProxy(await freePort(), { host: url.hostname, port: Number(url.port || 5432) });
    await proxy.restore();
    return proxy;
  }

  /** The connection string that goes through the proxy. */
  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.host = `127.0.0.1:${this.port}`;
    return url.toString();
  }

  async restore(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(this.target.port, this.target.host);
      this.sockets.add(client);
      this.sockets.add(upstream);
      const closeBoth = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', closeBoth).on('close', closeBoth);
      upstream.on('error', closeBoth).on('close', closeBoth);
      client.on('data', (chunk) => upstream.write(chunk));
      // Each chunk is held until its own arrival plus the delay, in order: the protocol needs that.
      let queue = Promise.resolve();
      upstream.on('data', (chunk) => {
        const due = Date.now() + this.delayMs;
        queue = queue.then(async () => {
          if (due > Date.now()) await sleep(due - Date.now());
          if (client.writable) client.write(chunk);
        });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Drops every connection and refuses new ones until restored. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export interface ApiProcess {
  child: ChildProcess;
  base: string;
  port: number;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export const jwtSecret = 'faults-jwt-secret-0123456789abcdef0123456789';

/**
 * Starts `server.ts` as its own process (node with tsx, no wrapper, so signals reach it), one API
 * process (WORKERS=1) unless `env` says otherwise; `compiled` runs the build (api/dist) with plain node.
 */
export async function startApi(options: {
  compiled?: boolean;
  databaseUrl: string;
  dataDir: string;
  env?: Record<string, string>;
  port?: number;
  /** What must answer 200 before the API counts as started. */
  readyPath?: string;
}): Promise<ApiProcess> {
  const port = options.port ?? (await freePort());
  const entry = options.compiled ? ['api/dist/server.js'] : ['--import', 'tsx', 'api/src/server.ts'];
  const child = spawn(process.execPath, entry, {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: options.databaseUrl,
      LOKET_DATA_DIR: options.dataDir,
      LOKET_SEED: 'pilot',
      JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'warn',
      // Fixed, so that a restart on another port keeps the issuer key it made.
      PUBLIC_URL: 'http://loket.faults.example',
      // The load these tests make as one person is far beyond a person's request limit: counted, never refused.
      RATE_LIMIT_PER_MINUTE: '100000000',
      WORKERS: '1',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const api: ApiProcess = { child, base: `http://127.0.0.1:${port}`, port, output: () => output, exited };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited while starting:\n${output}`);
    try {
      const response = await fetch(`${api.base}${options.readyPath ?? '/health/ready'}`, {
        signal: AbortSignal.timeout(2000),
      });
      if (response.status === 200) return api;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API did not become ready:\n${output}`);
    }
    await sleep(200);
  }
}

export async function stopApi(api: ApiProcess): Promise<void> {
  if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGKILL');
  await api.exited;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function tempDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'loket-faults-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export interface Answer {
  status: number;
  type: string;
  body: Record<string, unknown> & { data?: Array<Record<string, unknown>> };
  headers: Headers;
  ms: number;
}

/** One request with a hard time limit; a network failure answers status 0. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; csv?: string; timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const started = Date.now();
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.csv !== undefined) {
    headers['content-type'] = 'text/csv';
    body = options.csv;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    let parsed: Answer['body'] = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = { text };
    }
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: parsed,
      headers: response.headers,
      ms: Date.now() - started,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return {
      status: 0,
      type: '',
      body: { error: (error as Error).name, code: cause?.code ?? '' },
      headers: new Headers(),
      ms: Date.now() - started,
    };
  }
}

/** Signs in as the pilot seed's KB admin. */
export async function adminToken(base: string): Promise<string> {
  const answer = await call(base, 'POST', '/v1/auth/token', {
    body: { grant_type: 'password', username: 'admin@kb.example', password: 'loket-demo' },
  });
  if (answer.status !== 200) throw new Error(`sign-in failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.access_token as string;
}

/** A library of the pilot seed to create records in. */
export async function someLibrary(base: string, token: string): Promise<string> {
  const answer = await call(base, 'GET', '/v1/organisations?kind=library&limit=1', { token });
  const id = answer.body.data?.[0]?.id;
  if (typeof id !== 'string') throw new Error(`no library: ${JSON.stringify(answer.body)}`);
  return id;
}
