import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '../../lib/schemas';
import { transact } from '../../lib/write';
import { AgentLink, AgentLinkCreate, UnlinkedActorList, UnlinkedActorQuery } from './schema';
import * as service from './service';

const tags = ['xAPI'];
const config = { permission: 'xapi:manage' as const };

export const xapiAgentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/xapi-agents/unlinked',
    {
      config,
      schema: {
        tags,
        operationId: 'listUnlinkedXapiActors',
        summary: 'Actors of statements that are linked to no participant',
        description:
          'Every statement is stored; one whose actor is no participant (an account on another platform, a ' +
          'private address) waits here, grouped by actor, most recent first, until its actor is linked.',
        querystring: UnlinkedActorQuery,
        response: { 200: UnlinkedActorList, ...problemResponses(400) },
      },
    },
    async (request) => service.unlinked(app.db, request.query),
  );

  app.post(
    '/v1/xapi-agents/links',
    {
      config,
      schema: {
        tags,
        operationId: 'linkXapiActor',
        summary: 'Link an actor identity to a participant',
        description:
          'The stored statements of this actor that are linked to nobody become the participant\u2019s and move ' +
          'their module progress; statements from this actor to come are linked as they arrive. Safe to repeat.',
        body: AgentLinkCreate,
        response: { 200: AgentLink, ...problemResponses(400, 413, 415, 422) },
      },
    },
    async (request) => transact(request, (ctx) => service.link(ctx, request.body)),
  );
};
