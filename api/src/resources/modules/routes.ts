import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdempotencyHeaders, IdParams, problemResponses } from '../../lib/schemas';
import { idempotently } from '../../lib/write';
import { Module, ModuleList, ModuleQuery, ModuleUnitLink } from './schema';
import * as service from './service';

const tags = ['Modules'];

export interface ModuleOptions {
  publicUrl: string;
}

export const moduleRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { publicUrl }) => {
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

  app.put(
    '/v1/modules/:id/assignable-unit',
    {
      config: { permission: 'courses:manage' },
      schema: {
        tags,
        operationId: 'linkModuleUnit',
        summary: 'Make an imported course\u2019s unit the module\u2019s e-learning',
        description:
          'KB staff, after importing the vendor\u2019s cmi5 package: participants then launch that unit from their ' +
          'overview (it comes before a launch URL content/ gives). Statements about the module keep its activity ' +
          'IRI; the unit\u2019s publisher id, launch parameters, mastery score and entitlement key go into LaunchData. ' +
          'The module completes as every module does, on `completed` or `passed`. Audited.',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: ModuleUnitLink,
        response: { 200: Module, ...problemResponses(400, 404, 413, 415, 422) },
      },
    },
    async (request, reply) =>
      idempotently(request, reply, 200, (ctx) => service.linkUnit(ctx, publicUrl, request.params.id, request.body)),
  );

  app.delete(
    '/v1/modules/:id/assignable-unit',
    {
      config: { permission: 'courses:manage' },
      schema: {
        tags,
        operationId: 'unlinkModuleUnit',
        summary: 'Unlink the module\u2019s imported unit',
        description: 'The module falls back to the launch URL content/ gives, if any. Audited.',
        params: IdParams,
        headers: IdempotencyHeaders,
        response: { 200: Module, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => idempotently(request, reply, 200, (ctx) => service.unlinkUnit(ctx, request.params.id)),
  );
};
