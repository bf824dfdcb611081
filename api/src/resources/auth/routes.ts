import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problemResponses } from '../../lib/schemas';
import { transact } from '../../lib/write';
import { clientAddress } from '../../plugins/rate-limits';
import { Me, RevokeRequest, TokenRequest, TokenResponse } from './schema';
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

export function authRoutes(
  policy: service.TokenPolicy,
  loginRateLimit: { max: number; timeWindow: number },
): FastifyPluginAsyncTypebox {
  return async (app) => {
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
            'gets a short-lived access token and a refresh token. `refresh_token`: trade a refresh token for new ones; ' +
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
          response: { 200: Type.Object({}, { additionalProperties: false }), ...problemResponses(400, 415, 422, 429) },
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
