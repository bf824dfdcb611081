import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { fillMboxSha1sums } from './queries/participants';
import * as schema from './schema/index';

export type Schema = typeof schema;
/** A drizzle database or transaction, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface Connection {
  db: Database;
  driver: 'pglite' | 'postgres';
  /** Runs the committed migrations; safe to call from several processes at once. */
  migrate(): Promise<void>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  /** Raw SQL for libraries that bring their own (pg-boss); without values it may hold several statements. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number }>;
  close(): Promise<void>;
  /**
   * Runs `work` unless another process runs work under the same key right now, and then answers
   * undefined: at most one runner of a background pass among every process on the database
   * (a PostgreSQL session advisory lock, released by the server if the process dies).
   */
  exclusive<T>(key: number, work: () => Promise<T>): Promise<T | undefined>;
  /**
   * `COPY (query) TO STDOUT` as a stream, on a connection of its own that goes back to the pool when
   * the stream ends and is closed (aborting the COPY) when it fails or is destroyed before its end.
   * PostgreSQL only: PGlite cannot stream a COPY.
   */
  copyOut?(copy: string): Promise<Readable>;
  /** The PostgreSQL pool's connections right now; PGlite has no pool. */
  poolStats?(): { total: number; idle: number; waiting: number };
}

export interface ConnectOptions {
  /** PostgreSQL connection string; without one, Loket runs on embedded PGlite. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; without one, PGlite runs in memory. */
  pgliteDir?: string | undefined;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
}

const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));
const casing = 'snake_case' as const;
/** Arbitrary constant that serialises concurrent migrators on one PostgreSQL. */
const migrationLockKey = 7_351_240_019;

export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  if (options.databaseUrl) return connectPostgres(options.databaseUrl, options.maxConnections ?? 10);
  return connectPglite(options.pgliteDir);
}

async function connectPostgres(url: string, max: number): Promise<Connection> {
  // A server that accepts but never answers must not hold requests for ever. Idle connections are
  // kept five minutes, not pg's ten seconds: a new one costs a backend start, cold catalog caches
  // and preparing every named statement again, and closing them between bursts of a steady load
  // made each burst wait for new ones (stalls of 200–450 ms at 200 requests/s, test/bench/results.md).
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 30_000, idleTimeoutMillis: 300_000 });
  // A client losing its server (a restart, a network cut) must not crash the process: idle ones are
  // reported on the pool, busy ones on the client itself (in a transaction between two queries).
  // The pending query fails either way, and the pool drops the broken client when it is released.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzlePg(pool, { schema, casing }) as unknown as Database;
  return {
    db,
    driver: 'postgres',
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
        await migratePg(drizzlePg(client, { casing }), { migrationsFolder });
        await fillMboxSha1sums(drizzlePg(client, { casing }) as unknown as Database);
      } finally {
        await client.query('select pg_advisory_unlock($1)', [migrationLockKey]).catch(() => {});
        client.release();
      }
    },
    async ping() {
      await pool.query('select 1');
    },
    async executeSql(text, values) {
      const answer: pg.QueryResult | pg.QueryResult[] = await pool.query(text, values as unknown[]);
      // Several statements in one text answer with one result each; the last one counts.
      const result = Array.isArray(answer) ? answer[answer.length - 1] : answer;
      return { rows: result?.rows ?? [], rowCount: result?.rowCount ?? result?.rows.length ?? 0 };
    },
    async close() {
      await pool.end();
    },
    async exclusive(key, work) {
      const client = await pool.connect();
      // A connection that failed (or cannot unlock) is dropped: its session's locks go with it.
      let broken = true;
      try {
        const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [key]);
        broken = false;
        if (!rows[0]?.locked) return undefined;
        try {
          return await work();
        } finally {
          await client.query('select pg_advisory_unlock($1)', [key]).catch(() => {
            broken = true;
          });
        }
      } finally {
        client.release(broken);
      }
    },
    async copyOut(copy) {
      // Before the first byte: a database that is gone fails here, and the caller answers a problem.
      const client = await pool.connect();
      let released = false;
      const release = (error?: Error) => {
        if (released) return;
        released = true;
        client.release(error);
      };
      const stream = client.query(copyStreams.to(copy));
      stream.once('end', () => release());
      stream.once('error', (error) => release(error));
      stream.once('close', () => release(new Error('COPY stopped before its end')));
      return stream;
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

async function connectPglite(dir: string | undefined): Promise<Connection> {
  // Loaded only here: a process on PostgreSQL would otherwise carry PGlite's code for nothing.
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  const client = dir ? new PGlite(dir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema, casing }) as unknown as Database;
  return {
    db,
    driver: 'pglite',
    async migrate() {
      await migratePglite(drizzlePglite(client, { casing }), { migrationsFolder });
      await fillMboxSha1sums(db);
    },
    async ping() {
      await client.query('select 1');
    },
    async executeSql(text, values) {
      if (!values || values.length === 0) {
        const results = await client.exec(text);
        const last = results[results.length - 1];
        return {
          rows: (last?.rows ?? []) as Record<string, unknown>[],
          rowCount: last?.affectedRows ?? last?.rows.length ?? 0,
        };
      }
      const result = await client.query<Record<string, unknown>>(text, values);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async close() {
      await client.close();
    },
    // One process has the database to itself: there is no one to take turns with.
    exclusive: (_key, work) => work(),
  };
}
