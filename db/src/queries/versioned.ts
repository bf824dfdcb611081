import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

interface Versioned {
  id: PgColumn;
  version: PgColumn;
}

/**
 * The condition of every optimistic update or delete: the row as it was read, still at that
 * version. A write that matches nothing was overtaken; the API answers it with 412.
 */
export const atVersion = (table: Versioned, current: { id: string; version: number }): SQL | undefined =>
  and(eq(table.id, current.id), eq(table.version, current.version));

/** The version a versioned update sets: one more than the row's own, counted by the database. */
export const nextVersion = (table: Pick<Versioned, 'version'>): SQL => sql`${table.version} + 1`;
