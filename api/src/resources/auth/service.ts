import { createHash, randomBytes } from 'node:crypto';
import {
  clearSignInAttempts,
  countAccountFailure,
  type Database,
  findApiClient,
  findApiClientByClientId,
  findIdentityProviderByDomain,
  findOrganisation,
  findRefreshTokenForUpdate,
  findUserByEmail,
  findUserById,
  insertRefreshToken,
  lockSignInAttempts,
  markRefreshTokenUsed,
  recordLoginSuccess,
  recordSignInFailure,
  revokeRefreshTokenFamily,
  type UserWithPath,
} from '@loket/db';
import { v7 as uuidv7 } from 'uuid';
import type { Caller } from '../../lib/caller';
import { DomainError, inSeconds, notFound, RetryLater } from '../../lib/errors';
import { verifyAgainstDummy, verifyPassword } from '../../lib/passwords';
import { audit, type WriteContext } from '../../lib/write';
import type { AccessClaims } from '../../plugins/authentication';
import { type SignInBackoff, signInDelayMs } from './backoff';
import type { Me, TokenRequest, TokenResponse } from './schema';

export interface TokenPolicy {
  sign: (claims: AccessClaims) => string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlMs: number;
  backoff: SignInBackoff;
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const oauthError = (status: number, error: string, detail: string, code = error.replaceAll('_', '-')) =>
  new DomainError(status, code, status === 401 ? 'Unauthorized' : 'Bad request', detail, undefined, {
    error,
  });

/** Deliberately the same for an unknown account, a wrong password, or a disabled account. */
const badLogin = () => oauthError(400, 'invalid_grant', 'The email address or password is not right.');
const badRefresh = () => oauthError(400, 'invalid_grant', 'The refresh token is not valid; sign in again.');

/** The claims of a person's access token, issued from the sign-in session (refresh-token family) given. */
export function claimsForUser(user: UserWithPath, sessionId: string): AccessClaims {
  return {
    sub: user.id,
    typ: 'user',
    sid: sessionId,
    role: user.role,
    ...(user.organisationId ? { org: user.organisationId } : {}),
    ...(user.organisationPath ? { path: user.organisationPath } : {}),
    ...(user.participantId ? { pid: user.participantId } : {}),
  };
}

async function newRefreshToken(ctx: WriteContext, policy: TokenPolicy, userId: string, familyId: string) {
  const token = randomBytes(32).toString('base64url');
  await insertRefreshToken(ctx.db, {
    userId,
    familyId,
    tokenHash: sha256(token),
    expiresAt: new Date(Date.now() + policy.refreshTokenTtlMs),
  });
  return token;
}

/**
 * Outcome of a grant: the answer, or the error to answer after the transaction commits (and
 * whether the grant ended a session on the way, so access tokens of it stop working at once).
 */
export type GrantOutcome = { token: TokenResponse } | { error: DomainError; endedSession?: boolean };

/** The sign-in records an attempt counts on: the account's, and the account's from this address. */
function signInKeys(username: string, address: string) {
  const account = username.trim().toLowerCase();
  return { account: sha256(`account\n${account}`), address: sha256(`address\n${account}\n${address}`) };
}

const signInDelayed = (waitMs: number) => {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new RetryLater(
    seconds,
    'sign-in-delayed',
    `Too many failed sign-ins for this account from your address; try again in ${inSeconds(seconds)}.`,
  );
};

/**
 * A person signs in. Attempts for one account from one address wait for one another (the record
 * is locked), so guesses sent in parallel are counted like guesses sent one by one; an address
 * that must wait is answered 429 without the password being looked at. Unknown accounts are
 * counted and delayed exactly like known ones, so the answers never tell them apart.
 */
export async function passwordGrant(
  ctx: WriteContext,
  policy: TokenPolicy,
  request: TokenRequest,
  address: string,
): Promise<GrantOutcome> {
  if (!request.username || !request.password) {
    return { error: oauthError(400, 'invalid_request', 'The password grant needs username and password.') };
  }
  const provider = await findIdentityProviderByDomain(ctx.db, domainOf(request.username));
  if (provider && !provider.passwordSignIn) {
    return {
      error: oauthError(
        400,
        'invalid_grant',
        `People of this organisation sign in through ${provider.name}: use "Inloggen met je organisatie".`,
        'sign-in-with-organisation',
      ),
    };
  }
  const keys = signInKeys(request.username, address);
  const record = await lockSignInAttempts(ctx.db, keys.address, policy.backoff.forgetAfterMs);
  if (record.waitMs > 0) return { error: signInDelayed(record.waitMs) };
  const user = await findUserByEmail(ctx.db, request.username.trim());
  const valid =
    user?.passwordHash && !user.disabledAt
      ? await verifyPassword(user.passwordHash, request.password)
      : await verifyAgainstDummy(request.password);
  if (!user || !valid) {
    const accountFailures = await countAccountFailure(ctx.db, keys.account, policy.backoff.accountWindowMs);
    const failures = record.failures + 1;
    await recordSignInFailure(ctx.db, keys.address, failures, signInDelayMs(failures, accountFailures, policy.backoff));
    return { error: badLogin() };
  }
  await clearSignInAttempts(ctx.db, keys.address);
  return { token: await startSession(ctx, policy, user, { method: 'password' }) };
}

const domainOf = (email: string) =>
  email
    .trim()
    .slice(email.trim().lastIndexOf('@') + 1)
    .toLowerCase();

/**
 * A sign-in session for a person who proved who they are (a password, or their organisation's
 * identity provider): a refresh-token family, and an access token bound to it.
 */
export async function startSession(
  ctx: WriteContext,
  policy: TokenPolicy,
  user: UserWithPath,
  how: { method: 'password' } | { method: 'oidc'; providerId: string },
): Promise<TokenResponse> {
  await recordLoginSuccess(ctx.db, user.id);
  const sessionId = uuidv7();
  const refreshToken = await newRefreshToken(ctx, policy, user.id, sessionId);
  await audit(
    { ...ctx, caller: { ...ctx.caller, actorType: 'user', actorId: user.id } },
    {
      action: 'auth.signed_in',
      resourceType: 'user',
      resourceId: user.id,
      organisationPath: user.organisationPath,
      ...(how.method === 'oidc' ? { after: how } : {}),
    },
  );
  return {
    access_token: policy.sign(claimsForUser(user, sessionId)),
    token_type: 'Bearer',
    expires_in: policy.accessTokenTtlSeconds,
    refresh_token: refreshToken,
  };
}

export async function refreshGrant(
  ctx: WriteContext,
  policy: TokenPolicy,
  request: TokenRequest,
): Promise<GrantOutcome> {
  if (!request.refresh_token) {
    return { error: oauthError(400, 'invalid_request', 'The refresh_token grant needs refresh_token.') };
  }
  const stored = await findRefreshTokenForUpdate(ctx.db, sha256(request.refresh_token));
  if (!stored || stored.revokedAt || stored.expiresAt <= new Date()) return { error: badRefresh() };
  if (stored.usedAt) {
    // A spent token came back: someone holds a copy. End the whole session for both.
    await revokeRefreshTokenFamily(ctx.db, stored.familyId);
    return { error: badRefresh(), endedSession: true };
  }
  const user = await findUserById(ctx.db, stored.userId);
  if (!user || user.disabledAt) {
    await revokeRefreshTokenFamily(ctx.db, stored.familyId);
    return { error: badRefresh(), endedSession: true };
  }
  await markRefreshTokenUsed(ctx.db, stored.id);
  const refreshToken = await newRefreshToken(ctx, policy, user.id, stored.familyId);
  return {
    token: {
      access_token: policy.sign(claimsForUser(user, stored.familyId)),
      token_type: 'Bearer',
      expires_in: policy.accessTokenTtlSeconds,
      refresh_token: refreshToken,
    },
  };
}

export async function clientCredentialsGrant(
  db: Database,
  policy: TokenPolicy,
  credentials: { clientId: string | undefined; clientSecret: string | undefined },
): Promise<GrantOutcome> {
  const invalidClient = () => ({ error: oauthError(401, 'invalid_client', 'The client id or secret is not right.') });
  if (!credentials.clientId || !credentials.clientSecret) return invalidClient();
  const client = await findApiClientByClientId(db, credentials.clientId);
  if (!client || client.revokedAt || client.secretHash !== sha256(credentials.clientSecret)) return invalidClient();
  return {
    token: {
      access_token: policy.sign({
        sub: client.id,
        typ: 'client',
        scp: client.scopes,
        ...(client.organisationId ? { org: client.organisationId } : {}),
        ...(client.organisationPath ? { path: client.organisationPath } : {}),
      }),
      token_type: 'Bearer',
      expires_in: policy.accessTokenTtlSeconds,
      scope: client.scopes.join(' '),
    },
  };
}

/** RFC 7009: revoking ends the token's whole session; unknown tokens are not an error. */
export async function revoke(ctx: WriteContext, token: string): Promise<void> {
  const stored = await findRefreshTokenForUpdate(ctx.db, sha256(token));
  if (stored && !stored.revokedAt) {
    await revokeRefreshTokenFamily(ctx.db, stored.familyId);
    await audit(
      { ...ctx, caller: { ...ctx.caller, actorType: 'user', actorId: stored.userId } },
      { action: 'auth.signed_out', resourceType: 'user', resourceId: stored.userId, organisationPath: null },
    );
  }
}

export async function me(db: Database, caller: Caller): Promise<Me> {
  const organisation = caller.organisationId
    ? await findOrganisation(db, { kind: 'all' }, caller.organisationId)
    : undefined;
  const organisationRef = organisation
    ? { id: organisation.id, name: organisation.name, kind: organisation.kind }
    : null;
  const permissions = [...caller.permissions].sort();
  if (caller.actorType === 'client' && caller.actorId) {
    const client = await findApiClient(db, caller.actorId);
    return {
      type: 'client',
      id: caller.actorId,
      name: client?.name ?? 'API client',
      email: null,
      role: null,
      organisation: organisationRef,
      participantId: null,
      scopes: client?.scopes ?? [],
      permissions,
    };
  }
  const user = caller.actorId ? await findUserById(db, caller.actorId) : undefined;
  if (!user) throw notFound('Your account');
  return {
    type: 'user',
    id: user.id,
    name: user.displayName,
    email: user.email,
    role: user.role,
    organisation: organisationRef,
    participantId: user.participantId,
    scopes: [],
    permissions,
  };
}
