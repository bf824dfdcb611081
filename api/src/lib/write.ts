import { createHash } from 'node:crypto';
import {
  type AuditAction,
  type AuditResourceType,
  claimIdempotencyKey,
  completeIdempotencyKey,
  type Database,
  findIdempotencyKey,
  insertAuditEvent,
  insertAuditEvents,
} from '@loket/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Caller, principalKey } from './caller';
import { DomainError } from './errors';
import { withEtag } from './http';

/** Everything a service needs to change data: the transaction, who asks, and the request id. */
export interface WriteContext {
  db: Database;
  caller: Caller;
  requestId: string;
}

export interface AuditEntry {
  action: AuditAction;
  resourceType: AuditResourceType;
  resourceId: string;
  organisationPath: string | null;
  before?: unknown;
  after?: unknown;
}

const auditRow = (ctx: WriteContext, entry: AuditEntry) => ({
  actorType: ctx.caller.actorType,
  actorId: ctx.caller.actorId,
  requestId: ctx.requestId,
  action: entry.action,
  resourceType: entry.resourceType,
  resourceId: entry.resourceId,
  organisationPath: entry.organisationPath,
  before: entry.before ?? null,
  after: entry.after ?? null,
});

/** Records who changed what, in the same transaction as the change. */
export async function audit(ctx: WriteContext, entry: AuditEntry): Promise<void> {
  await insertAuditEvent(ctx.db, auditRow(ctx, entry));
}

/** Records several changes at once, in one statement: the effects of a batch. */
export async function auditAll(ctx: WriteContext, entries: AuditEntry[]): Promise<void> {
  await insertAuditEvents(
    ctx.db,
    entries.map((entry) => auditRow(ctx, entry)),
  );
}

/** Runs a change in one transaction. */
export function transact<T>(request: FastifyRequest, change: (ctx: WriteContext) => Promise<T>): Promise<T> {
  return request.server.db.transaction((tx) => change({ db: tx, caller: request.caller, requestId: request.id }));
}

/** What a retry must repeat: the route and the body (a raw body, such as a course package, as its bytes). */
const requestHash = (request: FastifyRequest) =>
  createHash('sha256')
    .update(`${request.method} ${request.routeOptions.url ?? request.url}\n`)
    .update(Buffer.isBuffer(request.body) ? request.body : JSON.stringify(request.body ?? null))
    .digest('hex');

/**
 * Runs a change in one transaction; with an Idempotency-Key the answer is stored in that same
 * transaction, and a retry within 24 hours gets it again (marked `idempotent-replayed`) instead of
 * making the change twice (after that the key counts as new).
 */
export async function idempotently<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  statusCode: number,
  change: (ctx: WriteContext) => Promise<T>,
): Promise<T> {
  const key = request.headers['idempotency-key'];
  const idempotencyKey = typeof key === 'string' ? key : undefined;
  const outcome = await request.server.db.transaction(async (tx) => {
    const ctx: WriteContext = { db: tx, caller: request.caller, requestId: request.id };
    if (!idempotencyKey) return { replayed: false, body: await change(ctx) };
    const principal = principalKey(request.caller);
    const hash = requestHash(request);
    const claimed = await claimIdempotencyKey(tx, {
      principal,
      key: idempotencyKey,
      method: request.method,
      // The path only: a query string may carry what is not to be kept.
      path: request.url.split('?')[0] ?? request.url,
      requestHash: hash,
    });
    if (!claimed) {
      const stored = await findIdempotencyKey(tx, principal, idempotencyKey);
      if (!stored || stored.requestHash !== hash) {
        throw new DomainError(
          422,
          'idempotency-key-reused',
          'Idempotency-Key reused',
          'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
        );
      }
      return { replayed: true, body: stored.responseBody as T };
    }
    const body = await change(ctx);
    await completeIdempotencyKey(tx, claimed, { statusCode, body });
    return { replayed: false, body };
  });
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  reply.code(statusCode);
  return outcome.body;
}

/**
 * Runs a creating change idempotently (see idempotently) and answers 201 with its ETag and its
 * Location: the new record under the collection it was posted to.
 */
export async function respondCreated<T extends { id: string; version: number }>(
  request: FastifyRequest,
  reply: FastifyReply,
  change: (ctx: WriteContext) => Promise<T>,
): Promise<T> {
  const body = await idempotently(request, reply, 201, change);
  reply.header('location', `${request.routeOptions.url}/${body.id}`);
  return withEtag(reply, body);
}

/** Runs an updating change in one transaction and answers the record with its new ETag. */
export async function respondUpdated<T extends { version: number }>(
  request: FastifyRequest,
  reply: FastifyReply,
  change: (ctx: WriteContext) => Promise<T>,
): Promise<T> {
  return withEtag(reply, await transact(request, change));
}

/** Runs a deleting change in one transaction and answers 204. */
export async function respondNoContent(
  request: FastifyRequest,
  reply: FastifyReply,
  change: (ctx: WriteContext) => Promise<unknown>,
): Promise<FastifyReply> {
  await transact(request, change);
  return reply.code(204).send(null);
}
