import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { XapiDocumentRow } from '@loket/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { badRequest } from '../../lib/errors';
import { problemResponses } from '../../lib/schemas';
import { transact } from '../../lib/write';
import { guardSessionDocument, noteSessionDocumentRead } from '../cmi5/session-guard';
import { requireVersion, type XapiOptions } from '../xapi/routes';
import {
  ActivityProfileQuery,
  ActivityQuery,
  AgentProfileQuery,
  AgentQuery,
  ConcurrencyHeaders,
  DocumentAnswer,
  DocumentBody,
  StateQuery,
  XapiActivity,
  XapiPerson,
} from './schema';
import * as service from './service';

const tags = ['xAPI'];

const noContent = Type.Null({ description: 'Stored' });

function sentDocument(request: FastifyRequest): service.SentDocument {
  return {
    contentType: request.headers['content-type'] ?? 'application/octet-stream',
    content: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
  };
}

const preconditions = (request: FastifyRequest): service.Preconditions => ({
  ifMatch: request.headers['if-match'],
  ifNoneMatch: request.headers['if-none-match'],
});

function sendDocument(reply: FastifyReply, row: XapiDocumentRow) {
  return reply
    .type(row.contentType)
    .header('etag', service.etagOf(row))
    .header('last-modified', row.updatedAt.toUTCString())
    .send(row.content);
}

/** How one document resource names its documents. */
interface Resource<Q> {
  path: string;
  name: string;
  operation: string;
  idName: 'stateId' | 'profileId';
  querystring: Q;
  /** The keys of a request, and the agent when the documents are about one. */
  target: (query: Record<string, unknown>) => service.DocumentTarget;
  description: string;
}

function stateTarget(query: Record<string, unknown>): service.DocumentTarget {
  const { agent, key } = service.agentParameter(String(query.agent));
  const registration = query.registration as string | undefined;
  return {
    agent,
    key: {
      kind: 'state',
      activityId: String(query.activityId),
      agentKey: key,
      registration: registration?.toLowerCase(),
    },
  };
}

const activityProfileTarget = (query: Record<string, unknown>): service.DocumentTarget => ({
  key: { kind: 'activity-profile', activityId: String(query.activityId) },
});

function agentProfileTarget(query: Record<string, unknown>): service.DocumentTarget {
  const { agent, key } = service.agentParameter(String(query.agent));
  return { agent, key: { kind: 'agent-profile', agentKey: key } };
}

const access =
  'State and agent profiles about a participant are read and written by whoever has that participant in ' +
  'scope (a participant: their own); documents about an agent who is no participant by the credentials ' +
  'that stored them (an admin or an API client bound to no organisation: all). Activity profiles are about ' +
  'an activity and shared by every LRS user.';

export const xapiDocumentRoutes: FastifyPluginAsyncTypebox<XapiOptions> = async (app, options) => {
  const documentResource = <Q extends typeof StateQuery | typeof ActivityProfileQuery | typeof AgentProfileQuery>(
    resource: Resource<Q>,
  ) => {
    const idOf = (query: Record<string, unknown>) => query[resource.idName] as string | undefined;
    const requireId = (query: Record<string, unknown>) => {
      const id = idOf(query);
      if (id === undefined) throw badRequest(`${resource.idName} is required here.`, 'validation');
      return id;
    };
    const config = { basicAuth: true } as const;
    const common = { headers: ConcurrencyHeaders, querystring: resource.querystring };

    for (const method of ['put', 'post'] as const) {
      app[method](
        resource.path,
        {
          config: { ...config, permission: 'progress:write' },
          onRequest: requireVersion,
          schema: {
            tags,
            operationId: `${method}Xapi${resource.operation}`,
            summary:
              method === 'put'
                ? `Store ${resource.name} (replacing it)`
                : `Store ${resource.name} (merging JSON into it)`,
            description: `${resource.description} ${access}`,
            ...common,
            body: DocumentBody,
            response: { 204: noContent, ...problemResponses(400, 403, 404, 409, 412) },
          },
        },
        async (request, reply) => {
          const query = request.query as Record<string, unknown>;
          const target = resource.target(query);
          const id = requireId(query);
          const write = method === 'put' ? service.put : service.post;
          const sent = sentDocument(request);
          await transact(request, async (ctx) => {
            await guardSessionDocument(ctx, options.publicUrl, target.key, id, sent);
            await write(ctx, target, id, sent, preconditions(request), options.publicUrl);
          });
          return reply.code(204).send(null);
        },
      );
    }

    app.get(
      resource.path,
      {
        config: { ...config, permission: 'xapi:read' },
        onRequest: requireVersion,
        schema: {
          tags,
          operationId: `getXapi${resource.operation}`,
          summary: `Read ${resource.name}, or the ids of those stored`,
          description: `With \`${resource.idName}\`: the document, with its ETag. Without: a JSON array of ids (changed after \`since\`). ${access}`,
          ...common,
          response: { 200: DocumentAnswer, ...problemResponses(400, 404) },
        },
      },
      async (request, reply) => {
        const query = request.query as Record<string, unknown>;
        const target = resource.target(query);
        const id = idOf(query);
        if (id !== undefined) {
          const document = await service.get(app.db, request.caller, target.key, id);
          await noteSessionDocumentRead(app.db, request.caller, target.key, id);
          return sendDocument(reply, document);
        }
        const ids = await service.listIds(app.db, request.caller, target.key, query.since as string | undefined);
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(ids));
      },
    );

    app.delete(
      resource.path,
      {
        config: { ...config, permission: 'progress:write' },
        onRequest: requireVersion,
        schema: {
          tags,
          operationId: `deleteXapi${resource.operation}`,
          summary: `Delete ${resource.name}${resource.idName === 'stateId' ? ', or all of them' : ''}`,
          description: `${resource.description} ${access}`,
          ...common,
          response: { 204: noContent, ...problemResponses(400, 403, 412) },
        },
      },
      async (request, reply) => {
        const query = request.query as Record<string, unknown>;
        const target = resource.target(query);
        const id = resource.idName === 'stateId' ? idOf(query) : requireId(query);
        await transact(request, async (ctx) => {
          await guardSessionDocument(ctx, options.publicUrl, target.key, id);
          await service.remove(ctx, target, id, preconditions(request));
        });
        return reply.code(204).send(null);
      },
    );
  };

  documentResource({
    path: '/v1/xapi/activities/state',
    name: 'a state document',
    operation: 'State',
    idName: 'stateId',
    querystring: StateQuery,
    target: stateTarget,
    description:
      'What an activity keeps about a learner between sessions (xAPI Communication 2.3), by activity, agent, ' +
      'registration and state id. PUT overwrites without preconditions.',
  });
  documentResource({
    path: '/v1/xapi/activities/profile',
    name: 'an activity profile',
    operation: 'ActivityProfile',
    idName: 'profileId',
    querystring: ActivityProfileQuery,
    target: activityProfileTarget,
    description:
      'Documents about an activity (xAPI Communication 2.7). A PUT names what it replaces: If-Match with the ' +
      'ETag, or If-None-Match: * for a new one (without either: 409 when one exists, else 400).',
  });
  documentResource({
    path: '/v1/xapi/agents/profile',
    name: 'an agent profile',
    operation: 'AgentProfile',
    idName: 'profileId',
    querystring: AgentProfileQuery,
    target: agentProfileTarget,
    description:
      'Documents about an agent (xAPI Communication 2.6). A PUT names what it replaces: If-Match with the ' +
      'ETag, or If-None-Match: * for a new one (without either: 409 when one exists, else 400).',
  });

  app.get(
    '/v1/xapi/activities',
    {
      config: { basicAuth: true, permission: 'xapi:read' },
      onRequest: requireVersion,
      schema: {
        tags,
        operationId: 'getXapiActivity',
        summary: 'An activity with its definition',
        description: 'The newest definition statements gave the activity; without one, just its id.',
        headers: ConcurrencyHeaders,
        querystring: ActivityQuery,
        response: { 200: XapiActivity, ...problemResponses(400) },
      },
    },
    async (request) => service.activity(app.db, request.query.activityId),
  );

  app.get(
    '/v1/xapi/agents',
    {
      config: { basicAuth: true, permission: 'xapi:read' },
      onRequest: requireVersion,
      schema: {
        tags,
        operationId: 'getXapiAgent',
        summary: 'The Person an agent is',
        description: 'The identifiers of the agent asked about, as a Person object.',
        headers: ConcurrencyHeaders,
        querystring: AgentQuery,
        response: { 200: XapiPerson, ...problemResponses(400) },
      },
    },
    async (request) => service.person(service.agentParameter(request.query.agent).agent),
  );
};
