import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { withEtag } from '../../lib/http';
import { createSchema, deleteSchema, IdParams, problemResponses, updateSchema } from '../../lib/schemas';
import { respondCreated, respondNoContent, respondUpdated } from '../../lib/write';
import { Cohort, CohortCreate, CohortList, CohortPatch, CohortQuery } from './schema';
import * as service from './service';

const tags = ['Cohorts'];

export const cohortRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/cohorts',
    {
      config: { permission: 'cohorts:read' },
      schema: {
        tags,
        operationId: 'listCohorts',
        summary: 'List cohorts',
        description:
          'The cohorts in your scope, newest first. Filter by `organisationId` (a library, or a POI for all its ' +
          'libraries), `status`, `phase` and `programmeVersionId`.',
        querystring: CohortQuery,
        response: { 200: CohortList, ...problemResponses(400) },
      },
    },
    async (request) => service.list(app.db, request.caller, request.query),
  );

  app.get(
    '/v1/cohorts/:id',
    {
      config: { permission: 'cohorts:read' },
      schema: {
        tags,
        operationId: 'getCohort',
        summary: 'Get a cohort',
        params: IdParams,
        response: { 200: Cohort, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const cohort = await service.get(app.db, request.caller, request.params.id);
      return withEtag(reply, cohort);
    },
  );

  app.post(
    '/v1/cohorts',
    {
      config: { permission: 'cohorts:write' },
      schema: {
        tags,
        operationId: 'createCohort',
        summary: 'Create a cohort',
        description:
          'A library\u2019s run of the programme: the newest published version unless named, all six modules unless ' +
          'a subset is chosen. The programme version\u2019s meeting plan is drafted at once, at the library (today: a kick-off, two team meetings and a closing meeting).',
        ...createSchema(CohortCreate, Cohort, 400, 409, 413, 415, 422),
      },
    },
    async (request, reply) => respondCreated(request, reply, (ctx) => service.create(ctx, request.body)),
  );

  app.patch(
    '/v1/cohorts/:id',
    {
      config: { permission: 'cohorts:write' },
      schema: {
        tags,
        operationId: 'updateCohort',
        summary: 'Change a cohort',
        description:
          'JSON merge patch. Move the status one step at a time (planned → running → evaluating → closed); a closed ' +
          'cohort does not change.',
        ...updateSchema(CohortPatch, Cohort, 400, 404, 409, 412, 413, 415, 422),
      },
    },
    async (request, reply) =>
      respondUpdated(request, reply, (ctx) =>
        service.update(ctx, request.params.id, request.body, request.headers['if-match']),
      ),
  );

  app.delete(
    '/v1/cohorts/:id',
    {
      config: { permission: 'cohorts:write' },
      schema: {
        tags,
        operationId: 'deleteCohort',
        summary: 'Delete a cohort',
        description: 'Only a planned cohort nobody is enrolled in.',
        ...deleteSchema(400, 404, 409, 412),
      },
    },
    async (request, reply) =>
      respondNoContent(request, reply, (ctx) => service.remove(ctx, request.params.id, request.headers['if-match'])),
  );
};
