import { randomBytes } from 'node:crypto';
import { type Connection, connect } from '@loket/db';
import pg from 'pg';

/** The PostgreSQL server tests use, when one is configured; otherwise tests run on PGlite. */
export const testServerUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

export interface TestDatabase {
  connection: Connection;
  /** Connection string of this test's own database (PostgreSQL only). */
  url: string | undefined;
  drop(): Promise<void>;
}

/** A new, migrated, empty database: its own PostgreSQL database, or a new in-memory PGlite. */
export async function freshDatabase(): Promise<TestDatabase> {
  if (!testServerUrl) {
    const connection = await connect();
    await connection.migrate();
    return { connection, url: undefined, drop: () => connection.close() };
  }
  const name = `loket_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testServerUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  const connection = await connect({ databaseUrl: url.toString(), maxConnections: 5 });
  await connection.migrate();
  return {
    connection,
    url: url.toString(),
    async drop() {
      await connection.close();
      const client = new pg.Client({ connectionString: testServerUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** The statements of the committed migration whose file name ends in `suffix`, split where drizzle-kit breaks them. */
export async function migrationStatements(suffix: string): Promise<string[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const folder = new URL('../../db/migrations/', import.meta.url);
  const file = (await readdir(folder)).find((name) => name.endsWith(suffix));
  if (!file) throw new Error(`no migration ending in ${suffix}`);
  const text = await readFile(new URL(file, folder), 'utf8');
  return text.split('--> statement-breakpoint').map((statement) => statement.trim());
}
