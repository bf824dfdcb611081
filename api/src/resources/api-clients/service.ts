import { randomBytes } from 'node:crypto';
import {
  type ApiClientRow,
  type Database,
  findApiClient,
  findOrganisation,
  insertApiClient,
  listApiClients,
  revokeApiClient,
} from '@loket/db';
import { invalid, notFound } from '../../lib/errors';
import { assertIfMatch, listAnswer, pageParams, versioned } from '../../lib/http';
import { audit, type WriteContext } from '../../lib/write';
import { sha256 } from '../auth/service';
import type { ApiClient, ApiClientCreate, ApiClientQuery, ApiClientWithSecret } from './schema';

function toApiClient(row: ApiClientRow): ApiClient {
  return {
    id: row.id,
    clientId: row.clientId,
    name: row.name,
    scopes: row.scopes as ApiClient['scopes'],
    organisationId: row.organisationId,
    revoked: row.revokedAt !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export async function list(db: Database, query: ApiClientQuery) {
  const page = await listApiClients(db, pageParams(query));
  return listAnswer(page, query.limit, page.rows.map(toApiClient));
}

export async function get(db: Database, id: string): Promise<ApiClient> {
  const row = await findApiClient(db, id);
  if (!row) throw notFound('The API client');
  return toApiClient(row);
}

/** The secret is random, high-entropy and shown once; a SHA-256 of it is enough to keep. */
export async function create(ctx: WriteContext, input: ApiClientCreate): Promise<ApiClientWithSecret> {
  const organisation = input.organisationId
    ? await findOrganisation(ctx.db, ctx.caller.scope, input.organisationId)
    : undefined;
  if (input.organisationId && !organisation)
    throw invalid('/organisationId', 'The organisation does not exist.', 'organisation-unknown');
  const secret = randomBytes(32).toString('base64url');
  const row = await insertApiClient(ctx.db, {
    clientId: `loket_${randomBytes(12).toString('hex')}`,
    name: input.name,
    scopes: input.scopes,
    organisationId: organisation?.id ?? null,
    secretHash: sha256(secret),
    createdByUserId: ctx.caller.actorType === 'user' ? ctx.caller.actorId : null,
  });
  const created = toApiClient(row);
  await audit(ctx, {
    action: 'api_client.created',
    resourceType: 'api_client',
    resourceId: row.id,
    organisationPath: organisation?.path ?? null,
    after: created,
  });
  return { ...created, clientSecret: secret };
}

export async function revoke(ctx: WriteContext, id: string, ifMatch: string | undefined): Promise<ApiClient> {
  const current = await findApiClient(ctx.db, id);
  if (!current) throw notFound('The API client');
  assertIfMatch(ifMatch, current.version);
  if (current.revokedAt) return toApiClient(current);
  const row = await versioned(revokeApiClient(ctx.db, current));
  const revoked = toApiClient(row);
  await audit(ctx, {
    action: 'api_client.revoked',
    resourceType: 'api_client',
    resourceId: id,
    organisationPath: null,
    before: toApiClient(current),
    after: revoked,
  });
  return revoked;
}
