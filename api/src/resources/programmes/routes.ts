import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { etag } from '../../lib/http';
import { IdParams, problemResponses } from '../../lib/schemas';
import { Programme, ProgrammeList, ProgrammeQuery } from './schema';
import * as service from './service';

const tags = ['Programmes'];

export const programmeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/programmes',
    {
      config: { permission: 'catalogue:read' },
      schema: {
        tags,
        operationId: 'listProgrammes',
        summary: 'List programmes',
        description:
          'The programmes with their versions, newest first. Running cohorts keep the version they started on.',
        querystring: ProgrammeQuery,
        response: { 200: ProgrammeList, ...problemResponses(400) },
      },
    },
    async (request) => service.list(app.db, request.query),
  );

  app.get(
    '/v1/programmes/:id',
    {
      config: { permission: 'catalogue:read' },
      schema: {
        tags,
        operationId: 'getProgramme',
        summary: 'Get a programme',
        params: IdParams,
        response: { 200: Programme, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const programme = await service.get(app.db, request.params.id);
      reply.header('etag', etag(programme.version));
      return programme;
    },
  );
};
