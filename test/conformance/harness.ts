/**
 * What the conformance runners (`pnpm test:lrs`, `pnpm test:cmi5`) share: child processes, a
 * throwaway PostgreSQL database, API clients made straight in it, and Loket started on a free port.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ApiClientScope, connect, insertApiClient } from '@loket/db';
import pg from 'pg';
import { freePort } from '../support/ports';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export async function exists(path: string) {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Runs a command to its end; its output is collected and, unless quiet, echoed. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; quiet?: boolean },
) {
  return new Promise<{ code: number; output: string }>((done) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (!options.quiet) process.stdout.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => {
      output += `${error.message}\n`;
    });
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}

/** A new database on the server of `serverUrl`, named `<prefix><random>`, and how to drop it. */
export async function throwawayDatabase(serverUrl: string, prefix: string) {
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
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

/**
 * Migrates the database and makes API clients bound to no organisation (national), one per entry:
 * their client ids (`<prefix><random>`) and secrets, under the same names.
 */
export async function apiClients<Name extends string>(
  databaseUrl: string,
  clients: Record<Name, { prefix: string; name: string; scopes: ApiClientScope[] }>,
): Promise<Record<Name, { key: string; secret: string }>> {
  const connection = await connect({ databaseUrl, maxConnections: 2 });
  try {
    await connection.migrate();
    const made = {} as Record<Name, { key: string; secret: string }>;
    for (const [name, client] of Object.entries(clients) as [Name, (typeof clients)[Name]][]) {
      const key = `${client.prefix}${randomBytes(4).toString('hex')}`;
      const secret = randomBytes(24).toString('base64url');
      await insertApiClient(connection.db, {
        clientId: key,
        name: client.name,
        scopes: client.scopes,
        organisationId: null,
        secretHash: createHash('sha256').update(secret).digest('hex'),
      });
      made[name] = { key, secret };
    }
    return made;
  } finally {
    await connection.close();
  }
}

/** Loket from this checkout's sources on a free port of 127.0.0.1, once it answers ready. */
export async function startLoket(databaseUrl: string, dataDir: string) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
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
      PUBLIC_URL: base,
      LOG_LEVEL: 'warn',
      // A suite is one client making thousands of requests; throttling it would only slow the run.
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
    base,
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
