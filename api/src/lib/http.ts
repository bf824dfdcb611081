import { createHash } from 'node:crypto';
import type { Page, SortTerm } from '@loket/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, preconditionFailed } from './errors';

export const etag = (version: number) => `"${version}"`;

/** Sets a record's ETag, from its version, and hands the record on: the one place a reply gets one. */
export function withEtag<T extends { version: number }>(reply: FastifyReply, record: T): T {
  reply.header('etag', etag(record.version));
  return record;
}

/**
 * The envelope every list answers: the page's items and where the page stands (with `extra` for
 * lists clients mirror, such as their sync watermark).
 */
export function listAnswer<T, E extends object = Record<never, never>>(
  page: Pick<Page<unknown>, 'total' | 'nextCursor'>,
  limit: number,
  data: T[],
  extra: E = {} as E,
) {
  return { data, page: { total: page.total, limit, nextCursor: page.nextCursor, ...extra } };
}

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

/**
 * What a versioned update or delete returned (see `atVersion`). Nothing means another write
 * overtook this one since the row was read: the API answers 412, like a stale If-Match.
 */
export async function versioned<T extends object | true>(write: Promise<T | undefined | null | false>): Promise<T> {
  const written = await write;
  if (!written) throw preconditionFailed();
  return written;
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

/**
 * For the documents anyone may read (the DID document, the issuer profile, achievements, status
 * lists, verification): any origin may read them from a browser (a web wallet elsewhere), and a
 * successful answer carries an ETag of its bytes and `Cache-Control`, so an unchanged document is
 * answered 304 to a client that has it. Used as the route's `onSend` hook.
 */
export function publicDocument(maxAgeSeconds: number) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    // Helmet's same-origin resource policy would keep a badge image out of a wallet's page elsewhere.
    reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
    if (reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    const tag = `"${createHash('sha256').update(payload).digest('base64url')}"`;
    reply.header('etag', tag).header('cache-control', `public, max-age=${maxAgeSeconds}`);
    const known = request.headers['if-none-match'];
    const matches = known?.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === tag);
    if (!matches) return payload;
    reply.code(304).removeHeader('content-length');
    return '';
  };
}
