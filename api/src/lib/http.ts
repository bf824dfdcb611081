import type { SortTerm } from '@loket/db';
import { badRequest, preconditionFailed } from './errors';

export const etag = (version: number) => `"${version}"`;

/**
 * Checks an If-Match header against the current version. Absent means "don't care";
 * a list of tags matches if any does; weak tags compare by their value.
 */
export function assertIfMatch(header: string | undefined, version: number): void {
  if (header === undefined) return;
  const tags = header.split(',').map((t) => t.trim());
  if (tags.includes('*')) return;
  const matches = tags.some((tag) => tag.replace(/^W\//, '') === etag(version));
  if (!matches) throw preconditionFailed();
}

export function parseSort(sort: string): SortTerm[] {
  const terms = sort.split(',').map((raw) => ({
    field: raw.replace(/^-/, ''),
    descending: raw.startsWith('-'),
  }));
  const fields = new Set(terms.map((t) => t.field));
  if (fields.size !== terms.length) throw badRequest('A sort field appears more than once.', 'invalid-sort');
  return terms;
}

export function pageParams(query: {
  limit: number;
  cursor?: string | undefined;
  offset?: number | undefined;
  sort: string;
}) {
  if (query.cursor !== undefined && query.offset !== undefined) {
    throw badRequest('Use either cursor or offset, not both.', 'invalid-page');
  }
  return { limit: query.limit, cursor: query.cursor, offset: query.offset, sort: parseSort(query.sort) };
}
