/**
 * Pagination for every list: keyset pages (a cursor that encodes the sort key and the last row's
 * values) and offset pages, planned once here and taken by each query. Cursors are made and read only
 * in this file.
 */
import { and, asc, desc, eq, gt, gte, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { int4, storableInstant, storableText } from '../bounds';

export interface SortTerm {
  field: string;
  descending: boolean;
}

export interface PageParams {
  limit: number;
  offset?: number | undefined;
  cursor?: string | undefined;
  sort: SortTerm[];
}

export interface Page<T> {
  rows: T[];
  total: number;
  nextCursor: string | null;
}

/** A cursor that does not decode, was made for another sort order, or holds values no column takes. */
export class InvalidCursorError extends Error {
  constructor() {
    super('The cursor is not valid for this list and sort order.');
    this.name = 'InvalidCursorError';
  }
}

export interface PagePlan {
  /** The keyset condition for the requested cursor, if any. */
  after: SQL | undefined;
  orderBy: SQL[];
  /** One more than the page size, to learn whether another page follows. */
  fetch: number;
  offset: number;
  finish<T extends { id: string }>(rows: T[]): { rows: T[]; nextCursor: string | null };
}

interface CursorPayload {
  s: string;
  v: unknown[];
}

const sortKey = (sort: SortTerm[]) => sort.map((t) => (t.descending ? `-${t.field}` : t.field)).join(',');

/**
 * Plans a keyset page over the given sortable columns, always ending on the id so the order is
 * total. Sort fields must be non-null columns whose names match the row's properties.
 */
export function planPage(params: PageParams, sortable: Record<string, PgColumn>, idColumn: PgColumn): PagePlan {
  const terms = params.sort.filter((t) => t.field !== 'id');
  const columns = terms.map((t) => {
    const column = sortable[t.field];
    if (!column) throw new Error(`unsortable field ${t.field}`);
    return { ...t, column };
  });
  const key = sortKey(params.sort);
  const orderBy = [...columns.map((c) => (c.descending ? desc(c.column) : asc(c.column))), asc(idColumn)];

  let after: SQL | undefined;
  if (params.cursor) {
    const values = decodeCursor(params.cursor, key, columns.length + 1);
    const keyset = [...columns, { field: 'id', descending: false, column: idColumn }].map((c, i) => ({
      ...c,
      value: toColumnValue(c.column, values[i]),
    }));
    if (keyset.every((term) => !term.descending)) {
      // All ascending (the usual case): one row comparison, which the planner reads as an index
      // range starting right after the cursor, however many rows share its first values.
      after = sql`(${sql.join(
        keyset.map((term) => sql`${term.column}`),
        sql`, `,
      )}) > (${sql.join(
        keyset.map((term) => sql.param(term.value, term.column)),
        sql`, `,
      )})`;
    } else {
      const [first] = keyset;
      // Mixed directions need the OR form, which alone gives the planner no index range: a deep page
      // would filter every earlier row. The redundant bound on the first sort column turns it into
      // an index range from the cursor's first value on.
      const from = first ? (first.descending ? lte : gte)(first.column, first.value) : undefined;
      after = and(
        from,
        or(
          ...keyset.map((term, i) =>
            and(
              ...keyset.slice(0, i).map((prev) => eq(prev.column, prev.value)),
              term.descending ? lt(term.column, term.value) : gt(term.column, term.value),
            ),
          ),
        ),
      );
    }
  }

  return {
    after,
    orderBy,
    fetch: params.limit + 1,
    offset: params.cursor ? 0 : (params.offset ?? 0),
    finish(rows) {
      const page = rows.slice(0, params.limit);
      const last = page[page.length - 1];
      if (rows.length <= params.limit || !last) return { rows: page, nextCursor: null };
      const record = last as unknown as Record<string, unknown>;
      const values = [...terms.map((t) => record[t.field]), last.id].map((v) =>
        v instanceof Date ? v.toISOString() : v,
      );
      return { rows: page, nextCursor: encodeCursor(key, values as Array<string | number>) };
    },
  };
}

/**
 * The one cursor format: the list's sort key and the values of the last row read, as base64url JSON.
 * A cursor made for another list or sort order does not decode.
 */
export function encodeCursor(key: string, values: Array<string | number>): string {
  const payload: CursorPayload = { s: key, v: values };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** The values of a cursor made by encodeCursor for this key, or InvalidCursorError. */
export function decodeCursor(cursor: string, key: string, length: number): Array<string | number> {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const candidate = payload as Partial<CursorPayload> | null;
  if (!candidate || candidate.s !== key || !Array.isArray(candidate.v) || candidate.v.length !== length) {
    throw new InvalidCursorError();
  }
  if (!candidate.v.every((v) => typeof v === 'string' || typeof v === 'number')) throw new InvalidCursorError();
  return candidate.v as Array<string | number>;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** An integer an `integer` column can be compared with. */
export const cursorInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= int4.min && value <= int4.max;

function toColumnValue(column: PgColumn, value: unknown): unknown {
  switch (column.columnType) {
    case 'PgTimestamp': {
      const date = new Date(String(value));
      if (!storableInstant(date)) throw new InvalidCursorError();
      return date;
    }
    case 'PgDateString':
      if (typeof value !== 'string' || !datePattern.test(value) || !storableInstant(new Date(`${value}T00:00:00Z`)))
        throw new InvalidCursorError();
      return value;
    case 'PgUUID':
      if (typeof value !== 'string' || !uuidPattern.test(value)) throw new InvalidCursorError();
      return value;
    case 'PgInteger':
      if (!cursorInteger(value)) throw new InvalidCursorError();
      return value;
    default:
      if (typeof value !== 'string' || !storableText(value)) throw new InvalidCursorError();
      return value;
  }
}

/** Escapes LIKE wildcards in user text. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
