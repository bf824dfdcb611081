import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from '../connect';

const dialect = new PgDialect({ casing: 'snake_case' });

/**
 * A hot statement built once and sent under its own name, so that each PostgreSQL connection parses
 * it once; after five runs PostgreSQL may settle on a generic plan and stop planning (an xAPI batch
 * asks for it: planning its statements took as long as running them). The text never varies: a
 * list goes as one array parameter (anyOf) or one JSON parameter, and every value as a placeholder.
 * PGlite ignores the name. Rows come back as the driver parses them, without drizzle's mapping.
 */
export function namedStatement<Row>(name: string, query: SQL) {
  const built = dialect.sqlToQuery(query);
  return async (db: Database, values: Record<string, unknown>): Promise<Row[]> => {
    const result = await db._.session.prepareQuery(built, undefined, `loket_${name}`, false).execute(values);
    return (result as { rows: Row[] }).rows;
  };
}

/** A list as one parameter of a named statement: the column equals one of its values. */
export const anyOf = (column: SQLWrapper, placeholder: string, type: 'text' | 'uuid') =>
  sql`${column} = any(${sql.placeholder(placeholder)}::${sql.raw(type)}[])`;

/** An instant as milliseconds since the epoch: a number either driver hands over as it is. */
export const epochMs = (moment: SQLWrapper) =>
  sql<number>`floor(extract(epoch from ${moment}) * 1000)::float8`.mapWith(Number);

interface Preparable<Result> {
  prepare(name: string): { execute(values: Record<string, unknown>): Promise<Result> };
}

/**
 * The same for a drizzle query with placeholders: prepared under its name once per database handle
 * (a transaction is a handle of its own), and mapped by drizzle as usual.
 */
export function namedQuery<Result>(name: string, build: (db: Database) => Preparable<Result>) {
  const prepared = new WeakMap<Database, ReturnType<Preparable<Result>['prepare']>>();
  return (db: Database, values: Record<string, unknown>): Promise<Result> => {
    let query = prepared.get(db);
    if (!query) {
      query = build(db).prepare(`loket_${name}`);
      prepared.set(db, query);
    }
    return query.execute(values);
  };
}
