import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { withEtag } from '../../lib/http';
import { createSchema, IdParams, problemResponses, updateSchema } from '../../lib/schemas';
import { respondCreated, respondUpdated } from '../../lib/write';
import { User, UserCreate, UserList, UserPatch, UserQuery } from './schema';
import * as service from './service';

const tags = ['Users'];
const config = { permission: 'users:manage' as const };
/** Advisers and coordinators see the accounts of their part of the country, to plan with. */
const readConfig = { permission: 'users:read' as const };

export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/users',
    {
      config: readConfig,
      schema: {
        tags,
        operationId: 'listUsers',
        summary: 'List user accounts',
        querystring: UserQuery,
        response: { 200: UserList, ...problemResponses(400) },
      },
    },
    async (request) => service.list(app.db, request.caller, request.query),
  );

  app.get(
    '/v1/users/:id',
    {
      config: readConfig,
      schema: {
        tags,
        operationId: 'getUser',
        summary: 'Get a user account',
        params: IdParams,
        response: { 200: User, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const user = await service.get(app.db, request.caller, request.params.id);
      return withEtag(reply, user);
    },
  );

  app.post(
    '/v1/users',
    {
      config,
      schema: {
        tags,
        operationId: 'createUser',
        summary: 'Create a user account',
        description:
          'An admin is bound to the KB, an adviser to a POI, a coordinator or facilitator to a library, a participant ' +
          'to their participant record. The password is hashed with argon2id and never shown again.',
        ...createSchema(UserCreate, User, 400, 409, 413, 415, 422),
      },
    },
    async (request, reply) => respondCreated(request, reply, (ctx) => service.create(ctx, request.body)),
  );

  app.patch(
    '/v1/users/:id',
    {
      config: { ...config, endsSessions: true },
      schema: {
        tags,
        operationId: 'updateUser',
        summary: 'Rename, disable or enable a user, or set a new password',
        description:
          'Disabling a user or changing their password ends their sessions: their refresh tokens and access tokens ' +
          'stop working at once (other API processes follow within a second).',
        ...updateSchema(UserPatch, User, 400, 404, 412, 413, 415, 422),
      },
    },
    async (request, reply) =>
      respondUpdated(request, reply, (ctx) =>
        service.update(ctx, request.params.id, request.body, request.headers['if-match']),
      ),
  );
};
