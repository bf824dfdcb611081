import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { withEtag } from '../../lib/http';
import { createSchema, deleteSchema, IdParams, problemResponses, updateSchema } from '../../lib/schemas';
import { respondCreated, respondNoContent, respondUpdated } from '../../lib/write';
import { Organisation, OrganisationCreate, OrganisationList, OrganisationPatch, OrganisationQuery } from './schema';
import * as service from './service';

const tags = ['Organisations'];

export const organisationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/organisations',
    {
      config: { permission: 'organisations:read' },
      schema: {
        tags,
        operationId: 'listOrganisations',
        summary: 'List organisations',
        description:
          'The organisations in your scope. Filter by `kind`, by `parentId` (direct children), by `within` ' +
          '(an organisation and its whole subtree) and search with `q`.',
        querystring: OrganisationQuery,
        response: { 200: OrganisationList, ...problemResponses(400) },
      },
    },
    async (request) => service.list(app.db, request.caller, request.query),
  );

  app.get(
    '/v1/organisations/:id',
    {
      config: { permission: 'organisations:read' },
      schema: {
        tags,
        operationId: 'getOrganisation',
        summary: 'Get an organisation',
        params: IdParams,
        response: { 200: Organisation, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const organisation = await service.get(app.db, request.caller, request.params.id);
      return withEtag(reply, organisation);
    },
  );

  app.post(
    '/v1/organisations',
    {
      config: { permission: 'organisations:write' },
      schema: {
        tags,
        operationId: 'createOrganisation',
        summary: 'Create an organisation',
        description:
          'A POI under the KB (or at the top), a library under a POI, a branch under a library, a partner under the ' +
          'KB. Send an `Idempotency-Key` to make retries safe.',
        ...createSchema(OrganisationCreate, Organisation, 400, 409, 413, 415, 422),
      },
    },
    async (request, reply) => respondCreated(request, reply, (ctx) => service.create(ctx, request.body)),
  );

  app.patch(
    '/v1/organisations/:id',
    {
      config: { permission: 'organisations:write' },
      schema: {
        tags,
        operationId: 'updateOrganisation',
        summary: 'Change an organisation',
        description: 'JSON merge patch. A new `parentId` moves the organisation with everything under it.',
        ...updateSchema(OrganisationPatch, Organisation, 400, 404, 409, 412, 413, 415, 422),
      },
    },
    async (request, reply) =>
      respondUpdated(request, reply, (ctx) =>
        service.update(ctx, request.params.id, request.body, request.headers['if-match']),
      ),
  );

  app.delete(
    '/v1/organisations/:id',
    {
      config: { permission: 'organisations:write' },
      schema: {
        tags,
        operationId: 'deleteOrganisation',
        summary: 'Delete an organisation',
        description:
          'Only an organisation with nothing under it: no branches, participants, cohorts or users (409 otherwise).',
        ...deleteSchema(400, 404, 409, 412),
      },
    },
    async (request, reply) =>
      respondNoContent(request, reply, (ctx) => service.remove(ctx, request.params.id, request.headers['if-match'])),
  );
};
