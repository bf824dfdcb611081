import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { withEtag } from '../../lib/http';
import { createSchema, deleteSchema, IdParams, problemResponses, updateSchema } from '../../lib/schemas';
import { respondCreated, respondNoContent, respondUpdated } from '../../lib/write';
import {
  IdentityProvider,
  IdentityProviderCreate,
  IdentityProviderList,
  IdentityProviderPatch,
  IdentityProviderQuery,
} from './schema';
import * as service from './service';

const tags = ['Identity providers'];
const config = { permission: 'identity-providers:manage' as const };

export function identityProviderRoutes(context: service.IdentityContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/identity-providers',
      {
        config,
        schema: {
          tags,
          operationId: 'listIdentityProviders',
          summary: 'List identity providers',
          description: 'The OpenID Connect providers organisations\u2019 staff sign in with.',
          querystring: IdentityProviderQuery,
          response: { 200: IdentityProviderList, ...problemResponses(400) },
        },
      },
      async (request) => service.list(app.db, context, request.query),
    );

    app.get(
      '/v1/identity-providers/:id',
      {
        config,
        schema: {
          tags,
          operationId: 'getIdentityProvider',
          summary: 'Get an identity provider',
          params: IdParams,
          response: { 200: IdentityProvider, ...problemResponses(400, 404) },
        },
      },
      async (request, reply) => {
        const provider = await service.get(app.db, context, request.params.id);
        return withEtag(reply, provider);
      },
    );

    app.post(
      '/v1/identity-providers',
      {
        config,
        schema: {
          tags,
          operationId: 'createIdentityProvider',
          summary: 'Set up sign-in through an organisation\u2019s identity provider',
          description:
            'One provider per organisation (the KB, a POI or a library); its staff, and for a library its ' +
            'participants, then sign in with their own work account. Register `redirectUri` (in the answer) at the ' +
            'provider first. 409 `domain-taken` when another provider serves one of the domains, ' +
            '`identity-provider-exists` when the organisation has one.',
          ...createSchema(IdentityProviderCreate, IdentityProvider, 400, 409, 413, 415, 422),
        },
      },
      async (request, reply) => respondCreated(request, reply, (ctx) => service.create(ctx, context, request.body)),
    );

    app.patch(
      '/v1/identity-providers/:id',
      {
        config,
        schema: {
          tags,
          operationId: 'updateIdentityProvider',
          summary: 'Change an identity provider',
          description:
            'Send `clientSecret` only to replace it. Sign-ins already under way finish with the old settings.',
          ...updateSchema(IdentityProviderPatch, IdentityProvider, 400, 404, 409, 412, 413, 415, 422),
        },
      },
      async (request, reply) =>
        respondUpdated(request, reply, (ctx) =>
          service.update(ctx, context, request.params.id, request.body, request.headers['if-match']),
        ),
    );

    app.delete(
      '/v1/identity-providers/:id',
      {
        config,
        schema: {
          tags,
          operationId: 'deleteIdentityProvider',
          summary: 'Remove an identity provider',
          description:
            'Its people sign in with a Loket password again (where their account has one). Sessions already ' +
            'started stay.',
          ...deleteSchema(400, 404, 412),
        },
      },
      async (request, reply) =>
        respondNoContent(request, reply, (ctx) =>
          service.remove(ctx, context, request.params.id, request.headers['if-match']),
        ),
    );
  };
}
