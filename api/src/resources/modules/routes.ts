import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, problemResponses } from '../../lib/schemas';
import { Module, ModuleList, ModuleQuery } from './schema';
import * as service from './service';

const tags = ['Modules'];

export const moduleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/modules',
    {
      config: { permission: 'catalogue:read' },
      schema: {
        tags,
        operationId: 'listModules',
        summary: 'List modules',
        description:
          'The modules of the newest published programme version, in programme order; pass `programmeVersionId` for ' +
          'another version, `theme` for one theme. The list leaves out the module text; get one module for it.',
        querystring: ModuleQuery,
        response: { 200: ModuleList, ...problemResponses(400) },
      },
    },
    async (request) => service.list(app.db, request.query),
  );

  app.get(
    '/v1/modules/:id',
    {
      config: { permission: 'catalogue:read' },
      schema: {
        tags,
        operationId: 'getModule',
        summary: 'Get a module with its text',
        description: 'The module with its Markdown as written and rendered to HTML.',
        params: IdParams,
        response: { 200: Module, ...problemResponses(400, 404) },
      },
    },
    async (request) => service.get(app.db, request.params.id),
  );
};
