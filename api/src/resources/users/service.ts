import {
  type Database,
  findOrganisation,
  findParticipant,
  findUser,
  findUserByEmail,
  insertUser,
  listUsers,
  revokeUserRefreshTokens,
  type UserRow,
  updateUser,
} from '@loket/db';
import type { Caller } from '../../lib/caller';
import { conflict, invalid, notFound } from '../../lib/errors';
import { assertIfMatch, listAnswer, pageParams, versioned } from '../../lib/http';
import { hashPassword, passwordProblem } from '../../lib/passwords';
import { audit, type WriteContext } from '../../lib/write';
import { bindingProblem } from './rules';
import type { User, UserCreate, UserPatch, UserQuery } from './schema';

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    organisationId: row.organisationId,
    participantId: row.participantId,
    disabled: row.disabledAt !== null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export async function list(db: Database, caller: Caller, query: UserQuery) {
  const page = await listUsers(db, {
    scope: caller.scope,
    filter: { role: query.role, organisationId: query.organisationId, q: query.q },
    page: pageParams(query),
  });
  return listAnswer(page, query.limit, page.rows.map(toUser));
}

/** An account, if it belongs to the caller's part of the country (KB staff see every account). */
export async function get(db: Database, caller: Caller, id: string): Promise<User> {
  const row = await findUser(db, caller.scope, id);
  if (!row) throw notFound('The user');
  return toUser(row);
}

function assertPassword(password: string, email: string) {
  const problem = passwordProblem(password, email);
  if (problem) throw invalid('/password', problem, 'password-weak');
}

export async function create(ctx: WriteContext, input: UserCreate): Promise<User> {
  const organisation = input.organisationId
    ? await findOrganisation(ctx.db, ctx.caller.scope, input.organisationId)
    : undefined;
  if (input.organisationId && !organisation)
    throw invalid('/organisationId', 'The organisation does not exist.', 'organisation-unknown');
  const participant = input.participantId
    ? await findParticipant(ctx.db, ctx.caller.scope, input.participantId)
    : undefined;
  if (input.participantId && !participant)
    throw invalid('/participantId', 'The participant does not exist.', 'participant-unknown');
  const problem = bindingProblem(input.role, organisation?.kind ?? null, participant !== undefined);
  if (problem) throw invalid(problem.path, problem.message, problem.code, problem.params);
  assertPassword(input.password, input.email);
  if (await findUserByEmail(ctx.db, input.email))
    throw conflict('A user with this email address exists.', 'email-taken');
  const row = await insertUser(ctx.db, {
    email: input.email.trim(),
    displayName: input.displayName,
    role: input.role,
    organisationId: organisation?.id ?? null,
    participantId: participant?.id ?? null,
    passwordHash: await hashPassword(input.password),
  });
  const created = toUser(row);
  await audit(ctx, {
    action: 'user.created',
    resourceType: 'user',
    resourceId: row.id,
    organisationPath: organisation?.path ?? null,
    after: created,
  });
  return created;
}

export async function update(
  ctx: WriteContext,
  id: string,
  patch: UserPatch,
  ifMatch: string | undefined,
): Promise<User> {
  const current = await findUser(ctx.db, ctx.caller.scope, id);
  if (!current) throw notFound('The user');
  assertIfMatch(ifMatch, current.version);
  if (patch.password !== undefined) assertPassword(patch.password, current.email);
  const disabling = patch.disabled === true && current.disabledAt === null;
  const row = await versioned(
    updateUser(ctx.db, current, {
      ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
      ...(patch.disabled !== undefined
        ? { disabledAt: patch.disabled ? (current.disabledAt ?? new Date()) : null }
        : {}),
      ...(patch.password !== undefined ? { passwordHash: await hashPassword(patch.password) } : {}),
    }),
  );
  if (disabling || patch.password !== undefined) await revokeUserRefreshTokens(ctx.db, id);
  const updated = toUser(row);
  await audit(ctx, {
    action: disabling ? 'user.disabled' : 'user.updated',
    resourceType: 'user',
    resourceId: id,
    organisationPath: current.organisationPath,
    before: toUser(current),
    after: updated,
  });
  return updated;
}
