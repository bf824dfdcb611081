import { createHash, randomBytes } from 'node:crypto';
import {
  completeOidcSignIn,
  type Database,
  everything,
  findIdentityLinks,
  findIdentityProvider,
  findIdentityProviderByDomain,
  findParticipantByEmail,
  findParticipantsWithPath,
  findUserByEmail,
  findUserById,
  type IdentityProviderWithDomains,
  insertOidcSignIn,
  insertParticipant,
  insertUser,
  recordIdentityLink,
  spendOidcCode,
  spendOidcState,
  type UserWithPath,
} from '@loket/db';
import { LRUCache } from 'lru-cache';
import * as client from 'openid-client';
import { systemCaller } from '../../lib/caller';
import { DomainError } from '../../lib/errors';
import type { Sealer } from '../../lib/sealed';
import { audit, type WriteContext } from '../../lib/write';
import { oidcCallbackPath } from '../identity-providers/service';
import { toParticipant } from '../participants/service';
import { toUser } from '../users/service';
import type { TokenRequest } from './schema';
import { type GrantOutcome, oauthError, sha256, startSession, type TokenPolicy } from './service';

/** How long a person may take at their provider, and how long the front end has to redeem its code. */
const signInTtlMs = 10 * 60_000;
const codeTtlMs = 2 * 60_000;

/**
 * The refusals of an OpenID Connect sign-in, each a stable code the admin shows in Dutch. They
 * reach the front end in the redirect back to it, never as tokens.
 */
export const oidcRefusals = {
  'oidc-state-invalid': 'The sign-in was not started here, has expired or was already completed; start again.',
  'identity-provider-unavailable': 'The identity provider could not be reached or did not answer as it should.',
  'identity-provider-refused': 'The identity provider did not sign you in.',
  'oidc-issuer-mismatch': 'The answer did not come from the identity provider this sign-in was started with.',
  'oidc-response-invalid': 'The identity provider\u2019s answer did not pass the checks (signature, nonce, PKCE).',
  'identity-email-missing': 'The identity provider did not tell Loket your e-mail address.',
  'identity-email-unverified': 'The identity provider does not vouch for your e-mail address (it is not verified).',
  'identity-domain-not-allowed': 'Your e-mail address is not of a domain this identity provider serves.',
  'identity-organisation-mismatch':
    'Your account in Loket belongs to another organisation than this identity provider.',
  'identity-changed': 'Your account in Loket was signed in with another person at this identity provider.',
  'account-disabled': 'Your account in Loket is disabled.',
  'no-account': 'There is no account in Loket for your e-mail address; ask your coordinator.',
} as const;
export type OidcRefusal = keyof typeof oidcRefusals;

export class SignInRefused extends Error {
  constructor(readonly code: OidcRefusal) {
    super(oidcRefusals[code]);
    this.name = 'SignInRefused';
  }
}

export interface OidcSettings {
  publicUrl: string;
  sealer: Sealer;
  allowHttpIssuers: boolean;
  /** Where the browser goes back to after the provider: the admin's sign-in page. */
  returnUrl: string;
}

/**
 * The openid-client configuration of each provider, from its discovery document: looked up once
 * per version of the provider's settings and kept an hour (keys the provider rotates are fetched
 * again when a token names an unknown one).
 */
export class OidcClients {
  private readonly cache = new LRUCache<string, Promise<client.Configuration>>({ max: 500, ttl: 3_600_000 });

  constructor(private readonly settings: OidcSettings) {}

  configFor(provider: IdentityProviderWithDomains): Promise<client.Configuration> {
    const key = `${provider.id}:${provider.version}`;
    let config = this.cache.get(key);
    if (!config) {
      config = this.discover(provider);
      this.cache.set(key, config);
      config.catch(() => this.cache.delete(key));
    }
    return config;
  }

  private async discover(provider: IdentityProviderWithDomains): Promise<client.Configuration> {
    const secret = await this.settings.sealer.open(provider.clientSecret);
    if (secret === undefined) throw new Error('the client secret cannot be read (sealed with another JWT_SECRET)');
    return client.discovery(new URL(provider.issuerUrl), provider.clientId, secret, undefined, {
      timeout: 10,
      ...(this.settings.allowHttpIssuers ? { execute: [client.allowInsecureRequests] } : {}),
    });
  }
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

export const noProvider = () =>
  new DomainError(
    404,
    'no-identity-provider',
    'Not found',
    'No identity provider serves this e-mail address: sign in with your e-mail address and password.',
  );

/** The provider that serves an address, for the sign-in page. */
export async function providerForEmail(db: Database, email: string) {
  const provider = await findIdentityProviderByDomain(db, domainOf(email));
  if (!provider) throw noProvider();
  return { name: provider.name, passwordSignIn: provider.passwordSignIn };
}

/**
 * Begins a sign-in: remembers state, nonce and PKCE verifier (each single use) and the front
 * end's own PKCE challenge, and answers the provider's authorisation URL to send the browser to.
 */
export async function startSignIn(
  db: Database,
  clients: OidcClients,
  settings: OidcSettings,
  input: { email: string; codeChallenge: string },
): Promise<string> {
  const provider = await findIdentityProviderByDomain(db, domainOf(input.email));
  if (!provider) throw noProvider();
  let config: client.Configuration;
  try {
    config = await clients.configFor(provider);
  } catch (error) {
    throw new DomainError(
      502,
      'identity-provider-unavailable',
      'Bad gateway',
      `The identity provider ${provider.name} could not be used: ${(error as Error).message}`,
    );
  }
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  await insertOidcSignIn(db, {
    providerId: provider.id,
    stateHash: sha256(state),
    nonce,
    codeVerifier,
    clientChallenge: input.codeChallenge,
    expiresAt: new Date(Date.now() + signInTtlMs),
  });
  return client
    .buildAuthorizationUrl(config, {
      redirect_uri: `${settings.publicUrl}${oidcCallbackPath}`,
      scope: 'openid email profile',
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      login_hint: input.email,
    })
    .toString();
}

interface Identity {
  subject: string;
  email: string;
  givenName: string | undefined;
  familyName: string | undefined;
  name: string | undefined;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * What the provider says about the person, from the ID token and, for what it leaves out, the
 * userinfo endpoint. The address counts only when the provider vouches for it: `email_verified`,
 * or Microsoft Entra ID's `xms_edov` (the address's domain is verified in the tenant; Entra ID
 * sends no `email_verified`).
 */
async function identityFrom(
  config: client.Configuration,
  tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>,
): Promise<Identity> {
  const idToken = tokens.claims();
  if (!idToken) throw new SignInRefused('oidc-response-invalid');
  let claims: Record<string, unknown> = idToken;
  const vouched = idToken.email_verified !== undefined || idToken.xms_edov !== undefined;
  if (text(idToken.email) === undefined || !vouched) {
    try {
      // The ID token wins for what it holds; userinfo must be about the same subject.
      claims = { ...(await client.fetchUserInfo(config, tokens.access_token, idToken.sub)), ...idToken };
    } catch {
      throw new SignInRefused('oidc-response-invalid');
    }
  }
  const email = text(claims.email);
  if (!email) throw new SignInRefused('identity-email-missing');
  if (claims.email_verified !== true && claims.xms_edov !== true) throw new SignInRefused('identity-email-unverified');
  return {
    subject: idToken.sub,
    email,
    givenName: text(claims.given_name),
    familyName: text(claims.family_name),
    name: text(claims.name),
  };
}

/** Trades the provider's code for its tokens; every check of openid-client applies. */
async function tokensFrom(
  config: client.Configuration,
  callbackUrl: URL,
  state: string,
  signIn: { nonce: string; codeVerifier: string },
) {
  try {
    return await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: signIn.codeVerifier,
      expectedState: state,
      expectedNonce: signIn.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    if (error instanceof client.AuthorizationResponseError) throw new SignInRefused('identity-provider-refused');
    // RFC 9207: the answer names who sent it; another issuer is a mix-up, told apart for the log.
    const iss = callbackUrl.searchParams.get('iss');
    if (iss !== null && iss !== config.serverMetadata().issuer) throw new SignInRefused('oidc-issuer-mismatch');
    if (error instanceof client.ResponseBodyError || error instanceof TypeError)
      throw new SignInRefused('identity-provider-unavailable');
    throw new SignInRefused('oidc-response-invalid');
  }
}

/** The organisation path an account's scope hangs from; a participant's is their workplace. */
async function homeOf(db: Database, user: UserWithPath): Promise<string | null> {
  if (user.organisationPath) return user.organisationPath;
  if (!user.participantId) return null;
  const [participant] = await findParticipantsWithPath(db, everything, [user.participantId]);
  return participant?.organisationPath ?? null;
}

/** A participant account for someone of a library that provisions them, with their participant record. */
async function provision(ctx: WriteContext, provider: IdentityProviderWithDomains, identity: Identity) {
  const existing = await findParticipantByEmail(ctx.db, identity.email);
  let participantId: string;
  if (existing) {
    const [withPath] = await findParticipantsWithPath(ctx.db, everything, [existing.id]);
    if (!withPath?.organisationPath.startsWith(provider.organisationPath))
      throw new SignInRefused('identity-organisation-mismatch');
    participantId = existing.id;
  } else {
    const [first, ...rest] = (identity.name ?? '').split(/\s+/).filter(Boolean);
    const localPart = identity.email.slice(0, identity.email.lastIndexOf('@'));
    const row = await insertParticipant(ctx.db, {
      organisationId: provider.organisationId,
      givenName: identity.givenName ?? first ?? localPart,
      familyName: identity.familyName ?? (rest.length > 0 ? rest.join(' ') : localPart),
      email: identity.email,
    });
    participantId = row.id;
    await audit(ctx, {
      action: 'participant.created',
      resourceType: 'participant',
      resourceId: row.id,
      organisationPath: provider.organisationPath,
      after: toParticipant(row),
    });
  }
  const user = await insertUser(ctx.db, {
    email: identity.email,
    displayName: [identity.givenName ?? identity.name, identity.familyName].filter(Boolean).join(' ') || identity.email,
    role: 'participant',
    organisationId: null,
    participantId,
  });
  await audit(ctx, {
    action: 'user.created',
    resourceType: 'user',
    resourceId: user.id,
    organisationPath: provider.organisationPath,
    after: toUser(user),
  });
  const created = await findUserById(ctx.db, user.id);
  if (!created) throw new Error('provisioned account vanished');
  return created;
}

/** The Loket account the identity signs in as, or the reason it may not. */
async function accountFor(ctx: WriteContext, provider: IdentityProviderWithDomains, identity: Identity) {
  if (!provider.domains.includes(domainOf(identity.email))) throw new SignInRefused('identity-domain-not-allowed');
  const found = await findUserByEmail(ctx.db, identity.email);
  let user: UserWithPath;
  if (found) {
    if (found.disabledAt) throw new SignInRefused('account-disabled');
    const home = await homeOf(ctx.db, found);
    if (!home?.startsWith(provider.organisationPath)) throw new SignInRefused('identity-organisation-mismatch');
    user = found;
  } else if (provider.provisionParticipants) {
    user = await provision(ctx, provider, identity);
  } else {
    throw new SignInRefused('no-account');
  }
  // One person at the provider is one account here, both ways: an address handed on to someone
  // else at the provider does not open the old owner's account.
  const links = await findIdentityLinks(ctx.db, provider.id, identity.subject, user.id);
  if (links.some((link) => link.subject !== identity.subject || link.userId !== user.id))
    throw new SignInRefused('identity-changed');
  await recordIdentityLink(ctx.db, { providerId: provider.id, subject: identity.subject, userId: user.id });
  return user;
}

/**
 * The provider sent the browser back. Spends the state first (in its own transaction, so a
 * replay finds nothing even when the rest fails), asks the provider for its tokens outside any
 * transaction, then finds or provisions the account and answers a one-time code for the front end.
 */
export async function finishSignIn(
  db: Database,
  clients: OidcClients,
  callbackUrl: URL,
  context: { requestId: string },
): Promise<string> {
  const state = callbackUrl.searchParams.get('state');
  const signIn = state ? await spendOidcState(db, sha256(state), new Date()) : undefined;
  if (!state || !signIn) throw new SignInRefused('oidc-state-invalid');
  const provider = await findIdentityProvider(db, signIn.providerId);
  if (!provider?.enabled) throw new SignInRefused('identity-provider-unavailable');
  let config: client.Configuration;
  try {
    config = await clients.configFor(provider);
  } catch {
    throw new SignInRefused('identity-provider-unavailable');
  }
  const tokens = await tokensFrom(config, callbackUrl, state, signIn);
  const identity = await identityFrom(config, tokens);
  return db.transaction(async (tx) => {
    // Nobody is signed in yet: what the sign-in provisions is recorded as Loket's own doing.
    const ctx: WriteContext = { db: tx, caller: systemCaller, requestId: context.requestId };
    const user = await accountFor(ctx, provider, identity);
    const code = randomBytes(32).toString('base64url');
    await completeOidcSignIn(tx, signIn.id, {
      userId: user.id,
      codeHash: sha256(code),
      codeExpiresAt: new Date(Date.now() + codeTtlMs),
    });
    return code;
  });
}

const badCode = () =>
  oauthError(
    400,
    'invalid_grant',
    'The code is not valid (unknown, used, expired, or the code_verifier does not match).',
  );

/**
 * The front end redeems its one-time code, proving with its PKCE verifier that it began this
 * sign-in, and gets the same tokens a password sign-in gives. The code works once.
 */
export async function authorizationCodeGrant(
  ctx: WriteContext,
  policy: TokenPolicy,
  request: TokenRequest,
): Promise<GrantOutcome> {
  if (!request.code || !request.code_verifier) {
    return { error: oauthError(400, 'invalid_request', 'The authorization_code grant needs code and code_verifier.') };
  }
  const signIn = await spendOidcCode(ctx.db, sha256(request.code), new Date());
  if (!signIn?.userId) return { error: badCode() };
  const challenge = createHash('sha256').update(request.code_verifier).digest('base64url');
  if (challenge !== signIn.clientChallenge) return { error: badCode() };
  const user = await findUserById(ctx.db, signIn.userId);
  if (!user || user.disabledAt) return { error: badCode() };
  return { token: await startSession(ctx, policy, user, { method: 'oidc', providerId: signIn.providerId }) };
}
