import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createSchema, IdParams, IfMatchHeaders, problemResponses } from '../../lib/schemas';
import { respondCreated, transact } from '../../lib/write';
import { ApiClient, ApiClientCreate, ApiClientList, ApiClientQuery, ApiClientWithSecret } from './schema';
import * as service from './service';

const tags = ['API clients'];
const config = { permission: 'clients:manage' as const };

export const apiClientRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/api-clients',
    {
      config,
      schema: {
        tags,
        operationId: 'listApiClients',
        summary: 'List API clients',
        querystring: ApiClientQuery,
        response: { 200: ApiClientList, ...problemResponses(400) },
      },
    },
    async (request) => service.list(app.db, request.query),
  );

  app.get(
    '/v1/api-clients/:id',
    {
      config,
      schema: {
        tags,
        operationId: 'getApiClient',
        summary: 'Get an API client',
        params: IdParams,
        response: { 200: ApiClient, ...problemResponses(400, 404) },
      },
    },
    async (request) => service.get(app.db, request.params.id),
  );

  app.post(
    '/v1/api-clients',
    {
      config,
      schema: {
        tags,
        operationId: 'createApiClient',
        summary: 'Register an API client',
        description:
          'For a third-party front end or a reporting tool. The answer holds the client secret, once. Bind the ' +
          'client to an organisation to limit it to that subtree.',
        ...createSchema(ApiClientCreate, ApiClientWithSecret, 400, 409, 413, 415, 422),
      },
    },
    async (request, reply) => respondCreated(request, reply, (ctx) => service.create(ctx, request.body)),
  );

  app.post(
    '/v1/api-clients/:id/revoke',
    {
      config: { ...config, endsSessions: true },
      schema: {
        tags,
        operationId: 'revokeApiClient',
        summary: 'Revoke an API client',
        description:
          'It can no longer get tokens, and the access tokens it holds stop working at once (other API processes ' +
          'follow within a second). Safe to repeat.',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 200: ApiClient, ...problemResponses(400, 404, 412) },
      },
    },
    async (request) => transact(request, (ctx) => service.revoke(ctx, request.params.id, request.headers['if-match'])),
  );
};
