import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problemResponses } from '../../lib/schemas';
import { transact } from '../../lib/write';
import { clientAddress } from '../../plugins/rate-limits';
import * as oidc from './oidc';
import {
  Me,
  OidcCallbackQuery,
  OidcStartQuery,
  RevokeRequest,
  SignInProvider,
  SignInProviderQuery,
  TokenRequest,
  TokenResponse,
} from './schema';
import * as service from './service';

const tags = ['Authentication'];

/** Client credentials may come as HTTP Basic (RFC 6749 §2.3.1) instead of in the body. */
function basicCredentials(header: string | undefined) {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  return {
    clientId: decodeURIComponent(decoded.slice(0, colon)),
    clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

const refusalList = Object.entries(oidc.oidcRefusals)
  .map(([code, meaning]) => `\`${code}\` (${meaning})`)
  .join('; ');

const redirect = {
  description: 'To the identity provider, or back to the admin',
  headers: { location: { type: 'string', format: 'uri' } },
};

export function authRoutes(
  policy: service.TokenPolicy,
  loginRateLimit: { max: number; timeWindow: number },
  sso: { clients: oidc.OidcClients; settings: oidc.OidcSettings },
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/auth/oidc/provider',
      {
        config: { permission: 'public', rateLimit: loginRateLimit },
        schema: {
          tags,
          operationId: 'findSignInProvider',
          summary: 'Which identity provider serves an e-mail address',
          description:
            'For the sign-in page: whether a person signs in through their organisation (Microsoft Entra ID, ' +
            'Google Workspace or another OpenID Connect provider), found by the domain of their address. 404 ' +
            '`no-identity-provider`: sign in with the password. Says nothing about whether an account exists.',
          querystring: SignInProviderQuery,
          response: { 200: SignInProvider, ...problemResponses(400, 404, 429) },
        },
      },
      async (request) => oidc.providerForEmail(app.db, request.query.email),
    );

    app.get(
      '/v1/auth/oidc/start',
      {
        config: { permission: 'public', rateLimit: loginRateLimit },
        schema: {
          tags,
          operationId: 'startOidcSignIn',
          summary: 'Sign in through one\u2019s organisation: go to the identity provider',
          description:
            'Open this in the browser (a top-level navigation). Finds the provider from the address\u2019s ' +
            'domain and redirects (302) to it with state, nonce and PKCE (authorisation code flow). The provider ' +
            'sends the browser back to `/v1/auth/oidc/callback`, which redirects to the admin with a one-time code. ' +
            'The front end keeps the PKCE verifier of `code_challenge` and redeems the code at `POST /v1/auth/token` ' +
            '(`grant_type=authorization_code`, `code`, `code_verifier`); tokens never travel in a URL. 404 ' +
            '`no-identity-provider`; 502 `identity-provider-unavailable` when the provider cannot be reached or its ' +
            'discovery document names another issuer.',
          querystring: OidcStartQuery,
          response: { 302: redirect, ...problemResponses(400, 404, 429, 502) },
        },
      },
      async (request, reply) => {
        const location = await oidc.startSignIn(app.db, sso.clients, sso.settings, {
          email: request.query.email,
          codeChallenge: request.query.code_challenge,
        });
        reply.header('cache-control', 'no-store');
        return reply.redirect(location, 302);
      },
    );

    app.get(
      '/v1/auth/oidc/callback',
      {
        config: { permission: 'public', rateLimit: loginRateLimit },
        schema: {
          tags,
          operationId: 'finishOidcSignIn',
          summary: 'The identity provider sends the browser back here',
          description:
            'Register this URL as the redirect URI at the provider. Checks state (once only), the issuer, the ID ' +
            'token (signature, audience, nonce) and PKCE, and the verified e-mail address; then finds the account ' +
            '(or, where the library allows it, makes a participant account) and redirects (302) to the admin: ' +
            '`/admin/#/login?oidc_code=<one-time code>`, valid two minutes, or `/admin/#/login?oidc_error=<code>`: ' +
            `${refusalList}.`,
          querystring: OidcCallbackQuery,
          response: { 302: redirect, ...problemResponses(400, 429) },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const back = (parameter: string) => reply.redirect(`${sso.settings.returnUrl}#/login?${parameter}`, 302);
        try {
          const code = await oidc.finishSignIn(app.db, sso.clients, new URL(request.url, sso.settings.publicUrl), {
            requestId: request.id,
          });
          return back(`oidc_code=${encodeURIComponent(code)}`);
        } catch (error) {
          if (!(error instanceof oidc.SignInRefused)) throw error;
          request.log.info({ refusal: error.code }, 'sign-in through an identity provider refused');
          return back(`oidc_error=${error.code}`);
        }
      },
    );

    app.post(
      '/v1/auth/token',
      {
        config: { permission: 'public', rateLimit: loginRateLimit },
        schema: {
          tags,
          operationId: 'createToken',
          summary: 'Sign in, refresh, or get a client token',
          description:
            'OAuth 2 token endpoint (form-encoded or JSON). `password`: a person signs in with email and password and ' +
            'gets a short-lived access token and a refresh token; where their organisation signs in through an ' +
            'identity provider that allows no passwords, 400 `sign-in-with-organisation`. `authorization_code`: ' +
            'redeem the one-time code of a sign-in through an identity provider with the PKCE `code_verifier` (see ' +
            '`/v1/auth/oidc/start`); the same tokens as a password sign-in. `refresh_token`: trade a refresh token for new ones; ' +
            'each refresh token works once, and presenting a spent one ends that session everywhere. ' +
            '`client_credentials`: an API client gets an access token for its scopes (credentials in the body or as ' +
            'HTTP Basic). Failed sign-ins count per account and client address: after five from one address, that ' +
            'address waits before its next attempt for the account (429 `sign-in-delayed` with `Retry-After`), the wait ' +
            'doubling with each further failure up to 15 minutes; other addresses, the owner\u2019s, are not held back. ' +
            'Beyond 20 failures for an account in an hour, from anywhere, each failing address waits at least a minute. ' +
            'Unknown accounts are counted alike: the answer never says whether an account exists. Also limited per ' +
            'client address (429 with `Retry-After`). Credentials in the query string are refused (400 ' +
            '`credentials-in-query`). An access token stops working at once when its session ends (sign-out, reuse ' +
            'of a spent refresh token, a disabled account, a new password, an erasure) or its client is revoked.',
          body: TokenRequest,
          consumes: ['application/json', 'application/x-www-form-urlencoded'],
          response: { 200: TokenResponse, ...problemResponses(400, 401, 413, 415, 422, 429) },
        },
      },
      async (request, reply) => {
        const body = request.body;
        reply.header('cache-control', 'no-store');
        if (body.grant_type === 'client_credentials') {
          const credentials = basicCredentials(request.headers.authorization) ?? {
            clientId: body.client_id,
            clientSecret: body.client_secret,
          };
          const outcome = await service.clientCredentialsGrant(app.db, policy, credentials);
          if ('error' in outcome) throw outcome.error;
          return outcome.token;
        }
        // Failed attempts are counted, and reused refresh tokens revoked, even though the call fails.
        const outcome = await transact(request, (ctx) =>
          body.grant_type === 'password'
            ? service.passwordGrant(ctx, policy, body, clientAddress(request.ip))
            : body.grant_type === 'authorization_code'
              ? oidc.authorizationCodeGrant(ctx, policy, body)
              : service.refreshGrant(ctx, policy, body),
        );
        if ('error' in outcome) {
          if (outcome.endedSession) app.sessionCheck.forget();
          throw outcome.error;
        }
        return outcome.token;
      },
    );

    app.post(
      '/v1/auth/revoke',
      {
        config: { permission: 'public', rateLimit: loginRateLimit, endsSessions: true },
        schema: {
          tags,
          operationId: 'revokeToken',
          summary: 'Sign out: revoke a refresh token',
          description: 'RFC 7009. Ends the session the refresh token belongs to. Unknown tokens also answer 200.',
          body: RevokeRequest,
          response: {
            200: Type.Object(
              {},
              { additionalProperties: false, description: 'Signed out: the token no longer refreshes' },
            ),
            ...problemResponses(400, 415, 422, 429),
          },
        },
      },
      async (request) => {
        await transact(request, (ctx) => service.revoke(ctx, request.body.token));
        return {};
      },
    );

    app.get(
      '/v1/me',
      {
        config: { permission: 'self:read' },
        schema: {
          tags,
          operationId: 'getMe',
          summary: 'Who am I?',
          description: 'The signed-in person or API client: role, organisation and permissions.',
          response: { 200: Me, ...problemResponses(404) },
        },
      },
      async (request) => service.me(app.db, request.caller),
    );
  };
}
