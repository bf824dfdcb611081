import { type Column, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

/**
 * Columns of a query that PostgreSQL writes as CSV itself (`COPY (query) TO STDOUT`), cell for cell
 * as Loket's CSV writer (api/src/lib/csv.ts) would.
 */

/**
 * A text cell under the formula injection rule (`neutraliseCsvCell` in openapi/src/csv.ts): one that
 * starts with =, +, -, @, a tab or a carriage return gets a leading single quote. NULL stays NULL,
 * which COPY writes as an empty cell.
 */
export const csvText = (value: SQL | Column) =>
  sql`case when left(${value}, 1) in ('=', '+', '-', '@', chr(9), chr(13)) then '''' || ${value} else ${value} end`;

/** A moment as JavaScript's toISOString writes it (UTC, milliseconds, Z); NULL stays NULL. */
export const csvInstant = (value: SQL | Column) =>
  sql`to_char(${value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const dialect = new PgDialect({ casing: 'snake_case' });

/**
 * The query as one SQL text with its values written in as literals: COPY takes no parameters.
 * Strings are quoted the way drizzle's dialect does ('' for '), which is exact with
 * standard_conforming_strings on (PostgreSQL's default since 9.1).
 */
export function copyableQuery(query: SQL): string {
  return dialect.sqlToQuery(query.inlineParams()).sql;
}
