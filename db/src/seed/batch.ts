import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../connect';

/** Rows per statement: large enough to be fast, small enough to stay far below PostgreSQL's 65,535 parameters. */
const batchSize = 1000;

export async function insertInBatches<T extends PgTable>(db: Database, table: T, rows: PgInsertValue<T>[]) {
  for (let i = 0; i < rows.length; i += batchSize) await db.insert(table).values(rows.slice(i, i + batchSize));
}
