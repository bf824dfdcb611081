import { createHash } from 'node:crypto';
import {
  type AgentIdentifiers,
  agentKey,
  type Database,
  type DocumentAccess,
  deleteXapiDocuments,
  findXapiActivity,
  findXapiDocument,
  listXapiDocumentIds,
  saveXapiDocument,
  type XapiDocumentKey,
  type XapiDocumentRow,
  xapiDocumentExists,
} from '@loket/db';
import { type Caller, principalKey } from '../../lib/caller';
import { badRequest, conflict, DomainError, notFound } from '../../lib/errors';
import type { WriteContext } from '../../lib/write';
import { participantsOfActors } from '../xapi/service';
import type { XapiActivity, XapiPerson } from './schema';

/**
 * The document resources: opaque documents under the keys each resource names them by, with the
 * concurrency rules of xAPI 1.0.3 (Communication 3.1): an ETag (SHA-1 of the content) on every
 * read, If-Match and If-None-Match on every write, and for the profiles a 409 when a PUT would
 * overwrite a document without either.
 */

export interface DocumentTarget {
  key: XapiDocumentKey;
  /** The agent the document is about (state, agent profile). */
  agent?: AgentIdentifiers;
}

export interface Preconditions {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
}

export interface SentDocument {
  contentType: string;
  content: Buffer;
}

const accessOf = (caller: Caller): DocumentAccess => ({ scope: caller.scope, storedBy: principalKey(caller) });

const sha1 = (content: Buffer) => createHash('sha1').update(content).digest('hex');

/** The ETag header of a document: its SHA-1, quoted. */
export const etagOf = (row: XapiDocumentRow) => `"${row.etag}"`;

const isJson = (contentType: string) => contentType.split(';')[0]?.trim().toLowerCase() === 'application/json';

/** An agent parameter as an agent: JSON with exactly one identifier. */
export function agentParameter(value: string): { agent: AgentIdentifiers; key: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  const agent = (parsed ?? {}) as AgentIdentifiers & Record<string, unknown>;
  const identifiers = (['mbox', 'mbox_sha1sum', 'openid', 'account'] as const).filter((n) => agent[n] !== undefined);
  const valid =
    parsed !== null &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    identifiers.length === 1 &&
    (agent.objectType === undefined || agent.objectType === 'Agent' || agent.objectType === 'Group') &&
    (agent.mbox === undefined || (typeof agent.mbox === 'string' && /^mailto:\S+@\S+$/i.test(agent.mbox))) &&
    (agent.account === undefined ||
      (typeof agent.account?.homePage === 'string' && typeof agent.account.name === 'string'));
  const key = valid ? agentKey(agent) : undefined;
  if (!key) throw badRequest('agent must be a JSON agent with one identifier.', 'invalid-agent');
  return { agent, key };
}

/** The participant a document's agent is, when the caller may write about them; a participant writes only their own. */
async function participantOf(ctx: WriteContext, target: DocumentTarget, publicUrl: string) {
  if (!target.agent) return null;
  const [participantId] = await participantsOfActors(ctx, [target.agent], publicUrl);
  if (ctx.caller.scope.kind === 'self' && !participantId) {
    throw new DomainError(403, 'forbidden', 'Forbidden', 'A participant may only keep documents about themselves.');
  }
  return participantId ?? null;
}

function assertPreconditions(current: XapiDocumentRow | undefined, conditions: Preconditions) {
  const failed = (detail: string) => new DomainError(412, 'precondition-failed', 'Precondition failed', detail);
  if (conditions.ifMatch !== undefined) {
    const tags = conditions.ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    if (!current) throw failed('If-Match names a document that does not exist.');
    if (!tags.includes('*') && !tags.includes(etagOf(current)) && !tags.includes(current.etag)) {
      throw failed('The document changed since you read it (If-Match does not match its ETag); read it again.');
    }
  }
  if (conditions.ifNoneMatch !== undefined && current) {
    const tags = conditions.ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    if (tags.includes('*') || tags.includes(etagOf(current))) {
      throw failed('A document exists already (If-None-Match).');
    }
  }
}

/** The document to write over, locked; a document by these keys the caller may not reach is not theirs to replace. */
async function currentDocument(ctx: WriteContext, target: DocumentTarget, documentId: string) {
  const current = await findXapiDocument(ctx.db, accessOf(ctx.caller), target.key, documentId, true);
  if (!current && (await xapiDocumentExists(ctx.db, target.key, documentId))) {
    throw new DomainError(
      403,
      'forbidden',
      'Forbidden',
      'A document by these keys belongs to someone you may not see.',
    );
  }
  return current;
}

/** Stores a document under its keys, its SHA-1 as its ETag (as xAPI has it). */
async function store(
  ctx: WriteContext,
  target: DocumentTarget,
  documentId: string,
  document: SentDocument,
  publicUrl: string,
): Promise<XapiDocumentRow> {
  return saveXapiDocument(ctx.db, target.key, documentId, {
    participantId: await participantOf(ctx, target, publicUrl),
    storedBy: principalKey(ctx.caller),
    contentType: document.contentType,
    content: document.content,
    etag: sha1(document.content),
  });
}

/** PUT: stores the document as sent, replacing one under its keys. */
export async function put(
  ctx: WriteContext,
  target: DocumentTarget,
  documentId: string,
  sent: SentDocument,
  conditions: Preconditions,
  publicUrl: string,
): Promise<XapiDocumentRow> {
  const current = await currentDocument(ctx, target, documentId);
  assertPreconditions(current, conditions);
  // Profiles are shared between players: a PUT says what it expects to replace (xAPI Communication 3.1).
  if (target.key.kind !== 'state' && conditions.ifMatch === undefined && conditions.ifNoneMatch === undefined) {
    if (current) {
      throw conflict(
        'A profile with this id exists: send its ETag as If-Match to replace it, or If-None-Match: * to create one only when none exists.',
        'document-exists',
      );
    }
    throw badRequest(
      'A PUT of a profile needs If-Match (the ETag it replaces) or If-None-Match: * (when there is none yet).',
      'precondition-required',
    );
  }
  return store(ctx, target, documentId, sent, publicUrl);
}

function jsonObject(content: Buffer, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest(`${what} is not a JSON object, so the two cannot be merged.`, 'document-not-mergeable');
  }
  return parsed as Record<string, unknown>;
}

/** POST: merges a JSON object into the stored one (top-level properties), or stores it when there is none. */
export async function post(
  ctx: WriteContext,
  target: DocumentTarget,
  documentId: string,
  sent: SentDocument,
  conditions: Preconditions,
  publicUrl: string,
): Promise<XapiDocumentRow> {
  const current = await currentDocument(ctx, target, documentId);
  assertPreconditions(current, conditions);
  let document = sent;
  if (current) {
    if (!isJson(current.contentType) || !isJson(sent.contentType)) {
      throw badRequest('Only JSON documents can be merged: PUT to replace this one.', 'document-not-mergeable');
    }
    const merged = {
      ...jsonObject(current.content, 'The stored document'),
      ...jsonObject(sent.content, 'The document sent'),
    };
    document = { contentType: 'application/json', content: Buffer.from(JSON.stringify(merged)) };
  } else if (isJson(sent.contentType)) {
    jsonObject(sent.content, 'The document sent');
  }
  return store(ctx, target, documentId, document, publicUrl);
}

export async function get(db: Database, caller: Caller, key: XapiDocumentKey, documentId: string) {
  const row = await findXapiDocument(db, accessOf(caller), key, documentId);
  if (!row) throw notFound('The document');
  return row;
}

export function listIds(db: Database, caller: Caller, key: XapiDocumentKey, since: string | undefined) {
  return listXapiDocumentIds(db, accessOf(caller), key, since ? new Date(since) : undefined);
}

/** DELETE of one document (If-Match applies), or of every state under the keys. */
export async function remove(
  ctx: WriteContext,
  target: DocumentTarget,
  documentId: string | undefined,
  conditions: Preconditions,
): Promise<void> {
  if (documentId !== undefined) {
    const current = await findXapiDocument(ctx.db, accessOf(ctx.caller), target.key, documentId, true);
    assertPreconditions(current, conditions);
  }
  await deleteXapiDocuments(ctx.db, accessOf(ctx.caller), target.key, documentId);
}

/** The activities resource: the newest definition statements gave an activity. */
export async function activity(db: Database, activityId: string): Promise<XapiActivity> {
  const row = await findXapiActivity(db, activityId);
  return row
    ? { objectType: 'Activity', id: row.id, definition: row.definition }
    : { objectType: 'Activity', id: activityId };
}

/** The agents resource: a Person with the identifier asked about (Loket joins no identities of others). */
export function person(agent: AgentIdentifiers & { name?: unknown }): XapiPerson {
  return {
    objectType: 'Person',
    ...(typeof agent.name === 'string' ? { name: [agent.name] } : {}),
    ...(agent.mbox ? { mbox: [agent.mbox] } : {}),
    ...(agent.mbox_sha1sum ? { mbox_sha1sum: [agent.mbox_sha1sum] } : {}),
    ...(agent.openid ? { openid: [agent.openid] } : {}),
    ...(agent.account?.homePage !== undefined && agent.account.name !== undefined
      ? { account: [{ homePage: agent.account.homePage, name: agent.account.name }] }
      : {}),
  };
}
