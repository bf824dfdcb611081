import { createHash, timingSafeEqual } from 'node:crypto';
import fastifyJwt from '@fastify/jwt';
import {
  everything,
  findApiClientByClientId,
  findCmi5SessionForAuth,
  isApiClientLive,
  isUserSessionLive,
  nowhere,
  type Role,
  roles,
  type Scope,
} from '@loket/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Caller, can } from '../lib/caller';
import { DomainError } from '../lib/errors';
import { type Permission, permissionsForClient, rolePermissions, whoMay } from '../lib/permissions';
import { SessionCheck } from '../lib/session-check';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the caller must be allowed to do; 'public' for routes anyone may call. */
    permission?: Permission | 'public';
    /**
     * The route can end sessions (disable an account, revoke a refresh-token family or an API
     * client, erase a person): once it answers, this process checks every token afresh.
     */
    endsSessions?: boolean;
    /**
     * The route also takes an API client's id and secret as HTTP Basic: xAPI's LRS routes, where
     * every authoring tool and player sends a key and secret.
     */
    basicAuth?: boolean;
  }
}

/** The claims of a Loket access token. */
export interface AccessClaims {
  sub: string;
  typ: 'user' | 'client';
  role?: Role;
  /** The organisation the caller is bound to, and its materialised path (the scope). */
  org?: string;
  path?: string;
  /** A participant's own participant record. */
  pid?: string;
  /** An API client's scopes. */
  scp?: string[];
  /** A person's sign-in session: the refresh-token family the token was issued from. */
  sid?: string;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessClaims;
    user: AccessClaims;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether tokens still stand, remembered briefly; see SessionCheck. */
    sessionCheck: SessionCheck;
  }
}

export interface AuthOptions {
  jwtSecret: string;
  issuer: string;
  accessTokenTtlSeconds: number;
  /** A static bearer token that grants metrics:read and nothing else. */
  metricsToken?: string | undefined;
}

export const anonymousCaller: Caller = {
  actorType: 'anonymous',
  actorId: null,
  role: null,
  organisationId: null,
  participantId: null,
  permissions: new Set(),
  scope: nowhere,
};

const audience = 'loket-api';

export function callerFromClaims(claims: AccessClaims): Caller {
  const isUser = claims.typ === 'user';
  const role = isUser && claims.role && (roles as readonly string[]).includes(claims.role) ? claims.role : null;
  // Every client may ask who it is; the rest comes from its scopes.
  const permissions = new Set<Permission>(
    role ? rolePermissions[role] : isUser ? [] : ['self:read', ...permissionsForClient(claims.scp ?? [])],
  );
  return {
    actorType: isUser ? 'user' : 'client',
    actorId: claims.sub,
    role,
    organisationId: claims.org ?? null,
    participantId: claims.pid ?? null,
    permissions,
    scope: scopeOf(claims, role),
  };
}

/**
 * Fails closed: the whole country only for the KB's admins and for API clients bound to no
 * organisation; otherwise the subtree the token names, or nothing when it names none.
 */
function scopeOf(claims: AccessClaims, role: Role | null): Scope {
  if (role === 'participant') return claims.pid ? { kind: 'self', participantId: claims.pid } : nowhere;
  if (role === 'admin' || (claims.typ === 'client' && claims.org === undefined && claims.path === undefined))
    return everything;
  return claims.path ? { kind: 'subtree', path: claims.path } : nowhere;
}

const unauthorized = (detail: string) => new DomainError(401, 'unauthorized', 'Unauthorized', detail);

/** A metrics scraper: it may read /metrics and nothing else. */
const scraperCaller: Caller = { ...anonymousCaller, actorType: 'client', permissions: new Set(['metrics:read']) };

/** Names under which credentials travel; a URL ends up in logs, proxies and browser history. */
const credentialParameters = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'client_secret',
  'password',
  'secret',
  'api_key',
  'apikey',
]);

const credentialsInQuery = () =>
  new DomainError(
    400,
    'credentials-in-query',
    'Bad request',
    'Credentials (a password, secret or token) are never accepted in the query string: send them in the ' +
      'Authorization header or the request body, and treat the one sent as exposed.',
  );

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A signed token is not enough: the person's account and session, or the API client, must still
 * stand, so disabling, signing out, revoking and erasing take effect on the next request.
 */
function stillStands(request: FastifyRequest, check: SessionCheck, claims: AccessClaims): Promise<boolean> {
  const db = request.server.db;
  if (!uuidPattern.test(claims.sub)) return Promise.resolve(false);
  if (claims.typ === 'client') return check.isLive(`client:${claims.sub}`, () => isApiClientLive(db, claims.sub));
  const sessionId = claims.sid;
  if (!sessionId || !uuidPattern.test(sessionId)) return Promise.resolve(false);
  return check.isLive(`user:${claims.sub}:${sessionId}`, () => isUserSessionLive(db, claims.sub, sessionId));
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const sameSecret = (given: string, expected: string) => {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
};

/** Whatever broke while credentials were checked, they cannot be checked now: a reason to retry, not a server fault. */
async function checkable<T>(check: () => Promise<T>, request?: FastifyRequest): Promise<T> {
  try {
    return await check();
  } catch (error) {
    request?.log.warn({ err: error }, 'credential check failed');
    throw new DomainError(
      503,
      'unavailable',
      'Service unavailable',
      'The database does not answer, so the credentials cannot be checked; retry shortly.',
    );
  }
}

/** An API client's id and secret as HTTP Basic; null when they do not name a live client. */
async function basicClaims(request: FastifyRequest, header: string): Promise<AccessClaims | null> {
  const decoded = Buffer.from(header.slice('Basic '.length).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return null;
  const client = await findApiClientByClientId(request.server.db, decoded.slice(0, colon));
  if (!client || client.revokedAt || !sameSecret(sha256(decoded.slice(colon + 1)), client.secretHash)) return null;
  return {
    sub: client.id,
    typ: 'client',
    scp: client.scopes,
    ...(client.organisationId ? { org: client.organisationId } : {}),
    ...(client.organisationPath ? { path: client.organisationPath } : {}),
  };
}

/**
 * Who stores what an imported course's units keep about a learner who is no participant: the
 * learner, by their agent's identity, so every session of theirs reads what the last one kept.
 */
export const learnerPrincipalId = (learnerKey: string) => `cmi5-learner:${learnerKey}`;

/** The user name of a cmi5 auth token: the session it belongs to. */
export const cmi5TokenUser = 'cmi5-session-';

/**
 * A cmi5 assignable unit with the auth token its fetch URL handed out: it reports while its session
 * runs, as the participant (a module's unit: it reads what that participant may read) or as the
 * learner of an imported course (it reads what was stored for that learner, in any registration).
 */
async function cmi5SessionCaller(request: FastifyRequest, user: string, secret: string): Promise<Caller | null> {
  const id = user.slice(cmi5TokenUser.length);
  if (!uuidPattern.test(id)) return null;
  const session = await findCmi5SessionForAuth(request.server.db, id);
  if (!session?.authTokenHash || session.status !== 'launched' || !sameSecret(sha256(secret), session.authTokenHash))
    return null;
  const unit = { role: null, organisationId: null, cmi5SessionId: session.id };
  const permissions = new Set<Permission>(['progress:write', 'xapi:read']);
  if (session.participantId) {
    return {
      ...unit,
      actorType: 'client',
      actorId: session.id,
      participantId: session.participantId,
      permissions,
      scope: { kind: 'self', participantId: session.participantId },
    };
  }
  if (!session.learnerKey) return null;
  return {
    ...unit,
    actorType: 'client',
    actorId: learnerPrincipalId(session.learnerKey),
    participantId: null,
    permissions,
    scope: nowhere,
  };
}

async function authenticate(
  request: FastifyRequest,
  metricsToken: string | undefined,
  check: SessionCheck,
): Promise<Caller | null> {
  const header = request.headers.authorization;
  if (!header) return null;
  if (
    metricsToken &&
    request.routeOptions.config.permission === 'metrics:read' &&
    sameSecret(header, `Bearer ${metricsToken}`)
  ) {
    return scraperCaller;
  }
  const basic = request.routeOptions.config.basicAuth === true;
  if (basic && /^Basic /i.test(header)) {
    const decoded = Buffer.from(header.slice('Basic '.length).trim(), 'base64').toString('utf8');
    if (decoded.startsWith(cmi5TokenUser)) {
      const colon = decoded.indexOf(':');
      const session = await checkable(
        () => cmi5SessionCaller(request, decoded.slice(0, colon), decoded.slice(colon + 1)),
        request,
      );
      if (!session) throw unauthorized('The cmi5 auth token does not name a running session.');
      return session;
    }
    // Remembered a second under a hash of the header, as tokens are: a busy player costs one query a second.
    const claims = await checkable(
      () => check.remember(`basic:${sha256(header)}`, () => basicClaims(request, header)),
      request,
    );
    if (!claims) throw unauthorized('The key and secret do not name a live API client.');
    return callerFromClaims(claims);
  }
  if (!/^Bearer [A-Za-z0-9._~+/=-]+$/.test(header)) {
    throw unauthorized(
      basic
        ? 'Send an API client\u2019s id and secret as HTTP Basic, or an access token as "Authorization: Bearer <token>".'
        : 'Send the access token as "Authorization: Bearer <token>".',
    );
  }
  let claims: AccessClaims;
  try {
    claims = await request.jwtVerify<AccessClaims>();
    if (claims.typ !== 'user' && claims.typ !== 'client') throw new Error('unknown token type');
  } catch (error) {
    const expired = (error as { code?: string }).code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED';
    throw unauthorized(expired ? 'The access token has expired; refresh it.' : 'The access token is not valid.');
  }
  const stands = await checkable(() => stillStands(request, check, claims), request);
  if (!stands) {
    throw unauthorized('The session has ended (signed out, account disabled or client revoked); sign in again.');
  }
  return callerFromClaims(claims);
}

function describeAccess(permission: Permission): string {
  const { roles: allowed, clientScopes } = whoMay(permission);
  const parts = [`**Access:** \`${permission}\` — roles: ${allowed.join(', ') || 'none'}`];
  if (clientScopes.length > 0) parts.push(`API client scopes: ${clientScopes.map((s) => `\`${s}\``).join(', ')}`);
  return `${parts.join('; ')}. Records outside your scope answer 404.`;
}

/**
 * Every /v1 route names the permission it needs. Authentication and authorisation happen before
 * the body is read: an unauthenticated or forbidden call learns nothing from validation errors.
 */
export async function installAuthentication(app: FastifyInstance, options: AuthOptions): Promise<void> {
  await app.register(fastifyJwt, {
    secret: options.jwtSecret,
    sign: { algorithm: 'HS256', expiresIn: options.accessTokenTtlSeconds, iss: options.issuer, aud: audience },
    verify: {
      algorithms: ['HS256'],
      allowedIss: options.issuer,
      allowedAud: audience,
      requiredClaims: ['iss', 'aud', 'exp', 'sub'],
      // A token verified once is remembered (under its hash, never past its expiry): a busy caller's
      // every request otherwise recomputes the same HMAC and claim checks. Whether the session still
      // stands is asked separately, so a cached token is never trusted beyond it.
      cache: 10_000,
    },
  });

  const check = new SessionCheck();
  app.decorate('sessionCheck', check);
  // onSend comes after the handler, so the write has committed.
  app.addHook('onSend', async (request) => {
    if (request.routeOptions.config.endsSessions) check.forget();
  });

  app.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    if (route.url.startsWith('/v1/') && route.url !== '/v1/openapi.json' && !permission) {
      throw new Error(`${route.method} ${route.url} declares no permission`);
    }
    if (!route.schema) return;
    // The problems it may answer are documented with every other route's, in the OpenAPI plugin.
    if (!permission || permission === 'public') {
      route.schema = { ...route.schema, security: [] } as typeof route.schema;
      return;
    }
    const { clientScopes } = whoMay(permission);
    route.schema = {
      ...route.schema,
      security: [
        { bearerAuth: [] },
        ...(clientScopes.length > 0 ? [{ oauth2: clientScopes }] : []),
        ...(route.config?.basicAuth ? [{ basicAuth: [] }] : []),
      ],
      description: [route.schema.description, describeAccess(permission)].filter(Boolean).join('\n\n'),
    } as typeof route.schema;
  });

  app.addHook('onRequest', async (request) => {
    const query = request.query as Record<string, unknown> | undefined;
    if (query && Object.keys(query).some((name) => credentialParameters.has(name.toLowerCase()))) {
      throw credentialsInQuery();
    }
  });

  app.addHook('onRequest', async (request) => {
    const permission = request.routeOptions.config.permission;
    const isPublic = !permission || permission === 'public';
    // Public routes may carry other credentials (HTTP Basic at the token endpoint). Routes outside the
    // API (health probes, documentation, the admin's files) never look at a caller: a liveness probe
    // must not depend on the database that checking a token needs.
    const bearer = request.headers.authorization?.startsWith('Bearer ') ?? false;
    const caller =
      !permission || (isPublic && !bearer) ? null : await authenticate(request, options.metricsToken, check);
    request.caller = caller ?? anonymousCaller;
    if (isPublic) return;
    if (!caller) {
      throw unauthorized(
        request.routeOptions.config.basicAuth
          ? 'Send an API client\u2019s id and secret as HTTP Basic, or "Authorization: Bearer <access token>".'
          : 'Sign in first: send "Authorization: Bearer <access token>".',
      );
    }
    if (!can(caller, permission)) {
      throw new DomainError(403, 'forbidden', 'Forbidden', `Your role may not do this (it needs ${permission}).`);
    }
  });
}
