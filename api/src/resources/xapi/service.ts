import xapiValidation from '@learninglocker/xapi-validation';
import {
  type AgentIdentifiers,
  agentKey,
  type Database,
  findParticipantsForAgents,
  findXapiActivities,
  findXapiAttachments,
  findXapiStatement,
  findXapiStatementsById,
  insertXapiAttachments,
  insertXapiStatements,
  listXapiStatements,
  type StatementAccess,
  saveXapiActivities,
  startStatementBatch,
  type XapiStatementRow,
  type XapiStatementValues,
} from '@loket/db';
import { v4 as uuidv4 } from 'uuid';
import { type Caller, principalKey } from '../../lib/caller';
import { badRequest, DomainError, notFound } from '../../lib/errors';
import type { WriteContext } from '../../lib/write';
import type { AttachmentContent, StatementRequest } from './content';
import { applyProgress } from './progress';
import { type Learner, learnerOf, requiredAgentKey, sameStatement, verbs } from './rules';
import type { XapiStatementQuery } from './schema';
import {
  activityDefinitions,
  declaredAttachments,
  formatStatement,
  type Json,
  mergedDefinition,
  normalStatement,
  objectActivityId,
  objectAgentKey,
  relatedActivityIris,
  relatedAgentKeys,
  type StatementFormat,
  voidedBy,
} from './shape';
import { signatureProblem, signatureUsage } from './signature';

type FieldError = { path: string; message: string };

// The package is CommonJS with `exports.default`; Node's ESM loader hands over the whole exports object.
const specWarnings = (xapiValidation as unknown as { default?: typeof xapiValidation }).default ?? xapiValidation;

const at = (prefix: string, path: string) => (path === '/' ? prefix || '/' : `${prefix}${path}`);

function describeWarning(warning: { name: string; typeName?: string; keys?: string[] }): string {
  switch (warning.name) {
    case 'TypeWarning':
      return warning.typeName ? `must be a valid ${warning.typeName}` : 'has the wrong type';
    case 'RequiredWarning':
      return 'is required';
    case 'RestrictedKeysWarning':
      return `has properties xAPI does not allow here: ${(warning.keys ?? []).join(', ')}`;
    case 'IfiCountWarning':
      return 'must have exactly one identifier (mbox, mbox_sha1sum, openid or account)';
    case 'NoIfiWarning':
      return 'needs an identifier (mbox, mbox_sha1sum, openid or account)';
    default:
      return `breaks the xAPI 1.0.3 specification (${warning.name})`;
  }
}

function specErrors(statement: unknown, prefix: string): FieldError[] {
  return specWarnings(statement).map((warning) => ({
    // The first path element is always "statement".
    path: at(prefix, `/${warning.path.slice(1).join('/')}`),
    message: describeWarning(warning as unknown as Parameters<typeof describeWarning>[0]),
  }));
}

/** What the validator leaves to the LRS: the rules about voiding, and a few of the data types. */
function lrsErrors(statement: Json, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  const verb = statement.verb as { id?: unknown } | undefined;
  const object = statement.object as { objectType?: unknown } | undefined;
  if (verb?.id === verbs.voided && object?.objectType !== 'StatementRef') {
    errors.push({
      path: `${prefix}/object`,
      message: 'must be a StatementRef: a voiding statement names what it voids',
    });
  }
  return errors;
}

function duplicateIdErrors(statements: unknown[]): FieldError[] {
  const seen = new Set<string>();
  return statements.flatMap((statement, i) => {
    const id = (statement as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return [];
    if (seen.has(id.toLowerCase())) return [{ path: `/${i}/id`, message: 'appears twice in this batch' }];
    seen.add(id.toLowerCase());
    return [];
  });
}

const invalidStatements = (errors: FieldError[]) =>
  new DomainError(
    400,
    'validation',
    'Invalid statement',
    `The statements have ${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}; none was stored.`,
    errors,
  );

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Attachments: every declared one is in the request or has a fileUrl, and every part sent is declared. */
async function attachmentErrors(statements: Json[], request: StatementRequest, pathOf: (i: number) => string) {
  const errors: FieldError[] = [];
  const declared = new Set<string>();
  for (const [i, statement] of statements.entries()) {
    for (const [j, attachment] of declaredAttachments(statement).entries()) {
      const path = `${pathOf(i)}/attachments/${j}`;
      const sha2 = attachment.sha2.toLowerCase();
      declared.add(sha2);
      const content = request.attachments.get(sha2);
      if (attachment.usageType === signatureUsage) {
        const contentType = (statement.attachments as Json[])[j]?.contentType;
        if (contentType !== 'application/octet-stream') {
          errors.push({ path: `${path}/contentType`, message: 'must be application/octet-stream for a signature' });
        } else if (!content) {
          errors.push({ path, message: 'is a signature whose JWS is not in the request' });
        } else {
          const problem = await signatureProblem(statement, content.content);
          if (problem) errors.push({ path, message: `is a signature that ${problem}` });
        }
        continue;
      }
      if (!content && attachment.fileUrl === undefined) {
        errors.push({
          path,
          message: request.multipart
            ? 'has neither a fileUrl nor a part with its content in the request'
            : 'needs a fileUrl, or its content in a multipart/mixed request',
        });
      }
    }
  }
  for (const sha2 of request.attachments.keys()) {
    if (!declared.has(sha2)) errors.push({ path: '/', message: `holds a part (${sha2}) no statement declares` });
  }
  return errors;
}

/** The statements of a request, each normalised and checked against the xAPI specification. */
export async function validStatements(request: StatementRequest): Promise<Json[]> {
  const batch = Array.isArray(request.body);
  const items: unknown[] = batch ? (request.body as unknown[]) : [request.body];
  const pathOf = (i: number) => (batch ? `/${i}` : '');
  if (batch && items.length === 0)
    throw invalidStatements([{ path: '/', message: 'must hold at least one statement' }]);
  const errors: FieldError[] = [];
  const statements: Json[] = [];
  for (const [i, item] of items.entries()) {
    if (!isObject(item)) {
      errors.push({ path: pathOf(i) || '/', message: 'must be a statement (a JSON object)' });
      continue;
    }
    const statement = normalStatement(item);
    const found = specErrors(statement, pathOf(i));
    errors.push(...(found.length > 0 ? found : lrsErrors(statement, pathOf(i))));
    statements.push(statement);
  }
  if (batch) errors.push(...duplicateIdErrors(items));
  if (errors.length === 0) errors.push(...(await attachmentErrors(statements, request, pathOf)));
  if (errors.length > 0) throw invalidStatements(errors);
  return statements;
}

/** The statement id of a PUT: the query names it, and a body id must agree. */
export function withStatementId(statement: Json, statementId: string): Json {
  const id = statement.id;
  if (typeof id === 'string' && id.toLowerCase() !== statementId.toLowerCase()) {
    throw badRequest('The statement id in the body differs from statementId in the query.', 'statement-id-mismatch');
  }
  return { ...statement, id: statementId };
}

/** The authority Loket vouches for a statement with: the credentials it came with. */
export function authorityOf(caller: Caller, publicUrl: string): Json {
  const kind = caller.cmi5SessionId ? 'cmi5/sessions' : caller.actorType === 'client' ? 'api-clients' : 'users';
  return {
    objectType: 'Agent',
    account: {
      homePage: `${publicUrl.replace(/\/+$/, '')}/v1/${kind}`,
      name: caller.cmi5SessionId ?? caller.actorId ?? caller.actorType,
    },
  };
}

export const accessOf = (caller: Caller): StatementAccess => ({ scope: caller.scope, storedBy: principalKey(caller) });

const inScope = (caller: Caller, participant: { id: string; organisationPath: string }) => {
  const { scope } = caller;
  if (scope.kind === 'all') return true;
  if (scope.kind === 'self') return scope.participantId === participant.id;
  if (scope.kind === 'subtree') return participant.organisationPath.startsWith(scope.path);
  return false;
};

/**
 * The participant each actor is, when the caller may report about them: by an identity an admin
 * linked, an account on this installation, a mailbox or its SHA-1. Actors that name nobody the
 * caller may see stay unlinked.
 */
export async function participantsOfActors(ctx: WriteContext, actors: AgentIdentifiers[], publicUrl: string) {
  const learners = actors.map((actor) => learnerOf(actor, publicUrl));
  const keys = actors.map((actor) => requiredAgentKey(actor));
  const pick = <K extends string>(kind: K) =>
    learners.flatMap((learner) => (learner && kind in learner ? [(learner as Record<K, string>)[kind]] : []));
  const found = await findParticipantsForAgents(ctx.db, {
    agentKeys: [...new Set(keys)],
    participantIds: [...new Set(pick('participantId'))],
    emails: [...new Set(pick('email'))],
    mboxSha1sums: [...new Set(pick('mboxSha1sum'))],
  });
  const byLearner = (learner: Learner | null) =>
    learner
      ? found.people.find((person) =>
          'participantId' in learner
            ? person.id === learner.participantId
            : 'email' in learner
              ? person.email.toLowerCase() === learner.email
              : person.mboxSha1sum === learner.mboxSha1sum,
        )
      : undefined;
  return actors.map((_, i) => {
    const participant = found.links.find((link) => link.agentKey === keys[i]) ?? byLearner(learners[i] ?? null);
    return participant && inScope(ctx.caller, participant) ? participant.id : null;
  });
}

function rowOf(
  statement: Json,
  participantId: string | null,
  stored: Date,
  storedBy: string,
  authority: Json,
): XapiStatementValues {
  const full: Json = {
    ...statement,
    id: typeof statement.id === 'string' ? statement.id.toLowerCase() : uuidv4(),
    timestamp: typeof statement.timestamp === 'string' ? statement.timestamp : stored.toISOString(),
    stored: stored.toISOString(),
    // Loket vouches for statements itself; an authority sent along proves nothing.
    authority,
    version: typeof statement.version === 'string' ? statement.version : '1.0.0',
  };
  const context = statement.context as { registration?: string } | undefined;
  return {
    id: full.id as string,
    participantId,
    actorKey: requiredAgentKey(statement.actor as AgentIdentifiers),
    verb: (statement.verb as { id: string }).id,
    activityIri: objectActivityId(statement) ?? null,
    objectAgentKey: objectAgentKey(statement) ?? null,
    registration: context?.registration?.toLowerCase() ?? null,
    voidsId: voidedBy(statement, verbs.voided) ?? null,
    relatedAgentKeys: relatedAgentKeys(full),
    relatedActivityIris: relatedActivityIris(full),
    storedBy,
    statement: full,
    timestamp: new Date(full.timestamp as string),
    storedAt: stored,
  };
}

/**
 * Keeps what the statements say about their activities for the activities resource. Definitions
 * stored already as they are cost one read and no write, so the batches of many players about the
 * same module never queue behind one another on its row.
 */
async function saveDefinitions(ctx: WriteContext, found: Array<{ id: string; definition: Json }>) {
  if (found.length === 0) return;
  const stored = new Map(
    (await findXapiActivities(ctx.db, [...new Set(found.map((a) => a.id))])).map((row) => [row.id, row.definition]),
  );
  const changed = new Map<string, Json>();
  for (const { id, definition } of found) {
    const merged = mergedDefinition(changed.get(id) ?? stored.get(id), definition);
    if (merged) changed.set(id, merged);
  }
  await saveXapiActivities(
    ctx.db,
    [...changed.entries()].map(([id, definition]) => ({ id, definition })),
  );
}

/** A statement id sent again: fine with the same content, a conflict with other content. */
async function assertSameAsStored(ctx: WriteContext, rows: XapiStatementValues[], pathOf: (id: string) => string) {
  const stored = await findXapiStatementsById(
    ctx.db,
    rows.map((row) => row.id),
  );
  for (const row of rows) {
    const existing = stored.find((s) => s.id === row.id);
    if (existing && sameStatement(existing.statement, row.statement)) continue;
    throw new DomainError(409, 'statement-conflict', 'Conflict', `Another statement with id ${row.id} is stored.`, [
      { path: `${pathOf(row.id)}/id`, message: 'is already the id of a statement with other content' },
    ]);
  }
}

/**
 * Stores statements, whoever their actor and whatever their object, all or nothing; answers their
 * ids in the order sent. Storing comes first; then each new statement about a participant moves
 * their module progress (applyProgress), which never refuses a statement.
 */
export async function store(
  ctx: WriteContext,
  statements: Json[],
  attachments: Map<string, AttachmentContent>,
  publicUrl: string,
): Promise<string[]> {
  // The database's clock inside this transaction, not the application's: a reader's
  // Consistent-Through stays before it while the batch is in flight.
  const stored = await startStatementBatch(ctx.db);
  const participants = await participantsOfActors(
    ctx,
    statements.map((s) => s.actor as AgentIdentifiers),
    publicUrl,
  );
  if (ctx.caller.scope.kind === 'self' && participants.some((id) => id === null)) {
    throw new DomainError(403, 'forbidden', 'Forbidden', 'A participant may only send statements about themselves.');
  }
  const storedBy = principalKey(ctx.caller);
  const authority = authorityOf(ctx.caller, publicUrl);
  const rows = statements.map((statement, i) => rowOf(statement, participants[i] ?? null, stored, storedBy, authority));
  const inserted = await insertXapiStatements(ctx.db, rows);
  const again = rows.filter((row) => !inserted.has(row.id));
  if (again.length > 0) {
    const index = new Map(rows.map((row, i) => [row.id, i]));
    await assertSameAsStored(ctx, again, (id) => (rows.length > 1 ? `/${index.get(id)}` : ''));
  }
  const fresh = rows.filter((row) => inserted.has(row.id));
  await insertXapiAttachments(ctx.db, [...attachments.values()]);
  await saveDefinitions(
    ctx,
    fresh.flatMap((row) => activityDefinitions(row.statement)),
  );
  // Voided before they came: by a statement stored earlier, or by one in this batch.
  const voidedInBatch = new Set(rows.flatMap((row) => (row.voidsId ? [row.voidsId] : [])));
  const voided = new Set(
    fresh.filter((row) => inserted.get(row.id)?.voided || voidedInBatch.has(row.id)).map((r) => r.id),
  );
  await applyProgress(ctx, fresh, voided);
  return rows.map((row) => row.id);
}

export interface ReadOptions {
  format: StatementFormat;
  languages: string[];
  attachments: boolean;
}

/** Statements as answered, with the contents of their attachments when asked for. */
async function answered(db: Database, rows: XapiStatementRow[], options: ReadOptions) {
  const statements = rows.map((row) => formatStatement(row.statement, options.format, options.languages));
  if (!options.attachments) return { statements, attachments: [] as AttachmentContent[] };
  const hashes = [
    ...new Set(rows.flatMap((row) => declaredAttachments(row.statement).map((a) => a.sha2.toLowerCase()))),
  ];
  const contents = await findXapiAttachments(db, hashes);
  return {
    statements,
    attachments: contents.map((c) => ({ sha2: c.sha2, contentType: c.contentType, content: c.content })),
  };
}

const singleFilters = [
  'agent',
  'verb',
  'activity',
  'registration',
  'related_activities',
  'related_agents',
  'since',
  'until',
  'limit',
  'ascending',
  'cursor',
] as const;

/** One statement (voided or not) by id: 404 when the caller may not read it. */
export async function getOne(
  db: Database,
  caller: Caller,
  query: XapiStatementQuery,
  sent: Record<string, unknown>,
  options: ReadOptions,
) {
  const extra = singleFilters.filter((name) => sent[name] !== undefined);
  if (query.statementId && query.voidedStatementId) extra.unshift('voidedStatementId' as never);
  if (extra.length > 0) {
    throw badRequest(
      `statementId and voidedStatementId go only with format and attachments, not with ${extra.join(', ')}.`,
      'invalid-statement-query',
    );
  }
  const id = (query.statementId ?? query.voidedStatementId ?? '').toLowerCase();
  const row = await findXapiStatement(db, accessOf(caller), id, query.voidedStatementId !== undefined);
  if (!row) throw notFound('The statement');
  const { statements, attachments } = await answered(db, [row], options);
  return { json: statements[0] as Json, attachments };
}

/** The key of the `agent` filter: a JSON agent or identified group with exactly one identifier. */
function agentFilter(agent: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(agent);
  } catch {
    parsed = undefined;
  }
  const identifiers = isObject(parsed)
    ? (['mbox', 'mbox_sha1sum', 'openid', 'account'] as const).filter((name) => parsed[name] !== undefined)
    : [];
  const candidate = parsed as AgentIdentifiers;
  const valid =
    identifiers.length === 1 &&
    (candidate.mbox === undefined || (typeof candidate.mbox === 'string' && /^mailto:/i.test(candidate.mbox))) &&
    (candidate.account === undefined ||
      (typeof candidate.account?.homePage === 'string' && typeof candidate.account.name === 'string'));
  const key = valid ? agentKey(candidate) : undefined;
  if (!key) throw badRequest('agent must be a JSON agent or identified group with one identifier.', 'invalid-agent');
  return key;
}

const maximumLimit = 500;

function moreUrl(requestUrl: string, cursor: string | null): string {
  if (!cursor) return '';
  const url = new URL(requestUrl, 'http://loket.invalid');
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}${url.search}`;
}

/** Statements the caller may read that match the filters, a page at a time. */
export async function find(
  db: Database,
  caller: Caller,
  query: XapiStatementQuery,
  requestUrl: string,
  options: ReadOptions,
) {
  const page = await listXapiStatements(db, {
    access: accessOf(caller),
    filter: {
      agentKey: query.agent ? agentFilter(query.agent) : undefined,
      relatedAgents: query.related_agents,
      verb: query.verb,
      activityIri: query.activity,
      relatedActivities: query.related_activities,
      registration: query.registration?.toLowerCase(),
      since: query.since ? new Date(query.since) : undefined,
      until: query.until ? new Date(query.until) : undefined,
    },
    ascending: query.ascending,
    limit: query.limit === 0 ? maximumLimit : query.limit,
    cursor: query.cursor,
  });
  const { statements, attachments } = await answered(db, page.rows, options);
  return { json: { statements, more: moreUrl(requestUrl, page.nextCursor) }, attachments };
}
