import xapiValidation from '@learninglocker/xapi-validation';
import {
  type Database,
  everything,
  findEnrolmentForActivity,
  findParticipant,
  findParticipantByEmail,
  findXapiStatement,
  insertXapiStatement,
  isModuleActivity,
  listXapiStatements,
  readDatabaseClock,
  type XapiStatementValues,
} from '@loket/db';
import type { ErrorObject } from 'ajv';
import { Compile } from 'typebox/compile';
import { v7 as uuidv7 } from 'uuid';
import type { Caller } from '../../lib/caller';
import { badRequest, DomainError, invalid, notFound } from '../../lib/errors';
import type { WriteContext } from '../../lib/write';
import { fieldErrors } from '../../plugins/validation';
import { recordProgress } from '../enrolments/service';
import { type AgentIdentifiers, type Learner, learnerOf, progressOf, progressToRecord, sameStatement } from './rules';
import { XapiAgent, XapiStatement, type XapiStatementQuery, type XapiStatementResult } from './schema';

type FieldError = { path: string; message: string };

const checkStatement = Compile(XapiStatement);
const checkAgent = Compile(XapiAgent);
// The package is CommonJS with `exports.default`; Node's ESM loader hands over the whole exports object.
const specWarnings = (xapiValidation as unknown as { default?: typeof xapiValidation }).default ?? xapiValidation;

const at = (prefix: string, path: string) => (path === '/' ? prefix || '/' : `${prefix}${path}`);

function shapeErrors(statement: unknown, prefix: string): FieldError[] {
  const errors = [...checkStatement.Errors(statement)] as unknown as ErrorObject[];
  return fieldErrors(errors, 'body').map((e) => ({ path: at(prefix, e.path), message: e.message }));
}

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

function statementErrors(statement: unknown, prefix: string): FieldError[] {
  const shape = shapeErrors(statement, prefix);
  return shape.length > 0 ? shape : specErrors(statement, prefix);
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

/** The statements of a request body, each checked against the schema and the xAPI specification. */
export function validStatements(body: unknown): { statements: XapiStatement[]; pathOf: (index: number) => string } {
  const batch = Array.isArray(body);
  const items: unknown[] = batch ? body : [body];
  const errors = items.flatMap((item, i) => statementErrors(item, batch ? `/${i}` : ''));
  if (batch && items.length === 0) errors.push({ path: '/', message: 'must hold at least one statement' });
  if (batch) errors.push(...duplicateIdErrors(items));
  if (errors.length > 0) throw invalidStatements(errors);
  return { statements: items as XapiStatement[], pathOf: (i) => (batch ? `/${i}` : '') };
}

/** The participant an agent names, when the caller may see them. */
async function participantIdOf(db: Database, scope: Caller['scope'], agent: AgentIdentifiers, publicUrl: string) {
  const learner = learnerOf(agent, publicUrl);
  if (!learner) return undefined;
  return participantIdOfLearner(db, scope, learner);
}

async function participantIdOfLearner(db: Database, scope: Caller['scope'], learner: Learner) {
  const id = 'email' in learner ? (await findParticipantByEmail(db, learner.email))?.id : learner.participantId;
  const participant = id ? await findParticipant(db, scope, id) : undefined;
  return participant && !participant.erasedAt ? participant.id : undefined;
}

/**
 * What a batch looks up more than once: a player sends many statements about the same person and
 * the same few modules. Neither answer changes while the batch is stored.
 */
class BatchLookups {
  private readonly participants = new Map<string, Promise<string | undefined>>();
  private readonly activities = new Map<string, Promise<boolean>>();

  constructor(private readonly ctx: WriteContext) {}

  participantId(agent: AgentIdentifiers, publicUrl: string) {
    const learner = learnerOf(agent, publicUrl);
    if (!learner) return Promise.resolve(undefined);
    const key = 'email' in learner ? `email ${learner.email}` : `id ${learner.participantId}`;
    let found = this.participants.get(key);
    if (!found) {
      found = participantIdOfLearner(this.ctx.db, this.ctx.caller.scope, learner);
      this.participants.set(key, found);
    }
    return found;
  }

  isModuleActivity(activityIri: string) {
    let found = this.activities.get(activityIri);
    if (!found) {
      found = isModuleActivity(this.ctx.db, activityIri);
      this.activities.set(activityIri, found);
    }
    return found;
  }
}

async function actorOf(
  ctx: WriteContext,
  lookups: BatchLookups,
  statement: XapiStatement,
  path: string,
  publicUrl: string,
) {
  const participantId = await lookups.participantId(statement.actor, publicUrl);
  if (participantId) return participantId;
  if (ctx.caller.scope.kind === 'self') {
    throw new DomainError(403, 'forbidden', 'Forbidden', 'A participant may only send statements about themselves.');
  }
  throw invalid(`${path}/actor`, 'The actor is not a known participant.');
}

async function enrolmentOf(
  ctx: WriteContext,
  lookups: BatchLookups,
  statement: XapiStatement,
  participantId: string,
  path: string,
) {
  const activityIri = statement.object.id;
  if (!(await lookups.isModuleActivity(activityIri))) {
    throw invalid(`${path}/object/id`, 'The object is an unknown activity: no module has this activity IRI.');
  }
  const enrolment = await findEnrolmentForActivity(ctx.db, {
    participantId,
    activityIri,
    registration: statement.context?.registration,
  });
  if (!enrolment) {
    throw invalid(`${path}/object/id`, 'The actor is not enrolled in a cohort that follows this module.');
  }
  return enrolment;
}

function recordOf(statement: XapiStatement, participantId: string, moduleId: string, stored: Date) {
  // Loket vouches for statements itself; an authority sent along proves nothing.
  const { authority: _sentAuthority, ...sent } = statement;
  const full = {
    ...sent,
    id: sent.id?.toLowerCase() ?? uuidv7(),
    timestamp: sent.timestamp ?? stored.toISOString(),
    stored: stored.toISOString(),
    version: sent.version ?? '1.0.0',
  };
  const values: XapiStatementValues = {
    id: full.id,
    participantId,
    moduleId,
    verb: full.verb.id,
    activityIri: full.object.id,
    registration: full.context?.registration ?? null,
    statement: full,
    timestamp: new Date(full.timestamp),
    storedAt: stored,
  };
  return values;
}

async function assertSameAsStored(ctx: WriteContext, values: XapiStatementValues, path: string) {
  const existing = await findXapiStatement(ctx.db, everything, values.id);
  if (existing && sameStatement(existing.statement, values.statement)) return;
  throw new DomainError(409, 'statement-conflict', 'Conflict', `Another statement with id ${values.id} is stored.`, [
    { path: `${path}/id`, message: 'is already the id of a statement with other content' },
  ]);
}

/**
 * Stores one statement and moves the module's progress as its verb says, once: a statement
 * sent again is not applied again.
 */
async function storeOne(
  ctx: WriteContext,
  lookups: BatchLookups,
  statement: XapiStatement,
  path: string,
  stored: Date,
  publicUrl: string,
) {
  const participantId = await actorOf(ctx, lookups, statement, path, publicUrl);
  const enrolment = await enrolmentOf(ctx, lookups, statement, participantId, path);
  const values = recordOf(statement, participantId, enrolment.moduleId, stored);
  if (!(await insertXapiStatement(ctx.db, values))) {
    await assertSameAsStored(ctx, values, path);
    return values.id;
  }
  const change = progressToRecord(progressOf(statement.verb.id, statement.result?.score?.scaled), enrolment.progress);
  if (change) {
    // Who may report about whom was settled above; the progress itself belongs to no caller's scope.
    const asLoket = { ...ctx, caller: { ...ctx.caller, scope: everything } };
    // A player's clock may run ahead; progress never happens in the future.
    const happened = new Date(Math.min(values.timestamp.getTime(), stored.getTime()));
    await recordProgress(asLoket, enrolment.enrolmentId, enrolment.moduleCode, change, happened);
  }
  return values.id;
}

/** Stores statements all or nothing, in the order sent; answers their ids. */
export async function store(
  ctx: WriteContext,
  statements: XapiStatement[],
  pathOf: (index: number) => string,
  publicUrl: string,
): Promise<string[]> {
  // The database's clock inside this transaction, not the application's: a reader's
  // Consistent-Through stays before it while the batch is in flight.
  const stored = await readDatabaseClock(ctx.db);
  const ids: string[] = [];
  const lookups = new BatchLookups(ctx);
  for (const [i, statement] of statements.entries()) {
    ids.push(await storeOne(ctx, lookups, statement, pathOf(i), stored, publicUrl));
  }
  return ids;
}

/** The statement id of a PUT: the query names it, and a body id must agree. */
export function withStatementId(statement: XapiStatement, statementId: string): XapiStatement {
  if (statement.id !== undefined && statement.id.toLowerCase() !== statementId.toLowerCase()) {
    throw badRequest('The statement id in the body differs from statementId in the query.', 'statement-id-mismatch');
  }
  return { ...statement, id: statementId };
}

export async function getOne(db: Database, caller: Caller, statementId: string, query: XapiStatementQuery) {
  const filters = ['agent', 'verb', 'activity', 'registration', 'since', 'until', 'cursor'] as const;
  const extra = filters.filter((name) => query[name] !== undefined);
  if (extra.length > 0) {
    throw badRequest(`statementId cannot be combined with ${extra.join(', ')}.`, 'invalid-statement-query');
  }
  const row = await findXapiStatement(db, caller.scope, statementId);
  if (!row) throw notFound('The statement');
  return row.statement as XapiStatement;
}

async function agentFilter(db: Database, agent: string, publicUrl: string) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(agent);
  } catch {
    parsed = undefined;
  }
  if (!checkAgent.Check(parsed)) {
    throw badRequest('agent must be a JSON agent with an account or an mbox.', 'invalid-agent');
  }
  return participantIdOf(db, everything, parsed, publicUrl);
}

const maximumLimit = 500;

function moreUrl(requestUrl: string, cursor: string | null): string {
  if (!cursor) return '';
  const url = new URL(requestUrl, 'http://loket.invalid');
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}${url.search}`;
}

/** Statements in the caller's scope that match the filters, a page at a time. */
export async function find(
  db: Database,
  caller: Caller,
  query: XapiStatementQuery,
  requestUrl: string,
  publicUrl: string,
): Promise<XapiStatementResult> {
  const participantId = query.agent ? await agentFilter(db, query.agent, publicUrl) : undefined;
  if (query.agent && !participantId) return { statements: [], more: '' };
  const page = await listXapiStatements(db, {
    scope: caller.scope,
    filter: {
      participantId,
      verb: query.verb,
      activityIri: query.activity,
      registration: query.registration,
      since: query.since ? new Date(query.since) : undefined,
      until: query.until ? new Date(query.until) : undefined,
    },
    ascending: query.ascending,
    limit: query.limit === 0 ? maximumLimit : query.limit,
    cursor: query.cursor,
  });
  return {
    statements: page.rows.map((row) => row.statement as XapiStatement),
    more: moreUrl(requestUrl, page.nextCursor),
  };
}
