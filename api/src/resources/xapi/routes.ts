import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readSyncWatermark } from '@loket/db';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { badRequest, notFound } from '../../lib/errors';
import { problemResponses } from '../../lib/schemas';
import { transact } from '../../lib/write';
import { isSupportedVersion, xapiVersion } from './rules';
import {
  XapiAbout,
  XapiPutQuery,
  XapiStatement,
  XapiStatementBatch,
  XapiStatementIds,
  XapiStatementQuery,
  XapiStatementResult,
  XapiVersionHeaders,
} from './schema';
import * as service from './service';

const tags = ['xAPI'];
const versionHeader = 'x-experience-api-version';

export interface XapiOptions {
  /** The homePage of the accounts that name participants. */
  publicUrl: string;
}

async function requireVersion(request: FastifyRequest) {
  if (!isSupportedVersion(request.headers[versionHeader] as string | undefined)) {
    throw badRequest(
      `Send the header X-Experience-API-Version: ${xapiVersion}; this LRS speaks xAPI 1.0.x.`,
      'unsupported-xapi-version',
    );
  }
}

/**
 * The statements of a POST or PUT. Fastify's own check is only attached: the service validates each
 * statement so that errors name its place and answer 400, as xAPI asks.
 */
function statementsOf(request: FastifyRequest) {
  const attached = request.validationError;
  if (attached && attached.validationContext !== 'body') throw attached;
  const statements = service.validStatements(request.body);
  // Fastify stops at the body, so the query and headers were not checked when it failed.
  if (attached) throw attached;
  return statements;
}

const statementsDescription =
  'The learner is the `actor`: an `account` with this installation\u2019s public URL as `homePage` and the ' +
  'participant id as `name`, or `mbox` with the participant\u2019s email address. The `object` is a module ' +
  '(its activity IRI). Verbs move the module\u2019s progress as in cmi5: `initialized`, `progressed` and ' +
  '`failed` mark it in progress, `completed` and `passed` complete it (with `result.score.scaled` as score); ' +
  'other verbs are stored only, and a completed module stays completed. A statement id sent again with the ' +
  'same content is accepted once; with other content it answers 409. Errors name the statement\u2019s place.';

export const xapiRoutes: FastifyPluginAsyncTypebox<XapiOptions> = async (app, options) => {
  app.addHook('onSend', async (_request, reply) => {
    reply.header(versionHeader, xapiVersion);
  });
  // The other xAPI resources (activities, agents, state) are not served: they answer 404 with the header too.
  await app.register(
    async (scoped) => {
      scoped.setNotFoundHandler(async (request) => {
        throw notFound(`The xAPI resource ${request.method} ${request.url.split('?')[0]}`);
      });
    },
    { prefix: '/v1/xapi' },
  );

  app.get(
    '/v1/xapi/about',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        operationId: 'getXapiAbout',
        summary: 'The xAPI versions this LRS speaks',
        description: 'Needs no credentials and no version header.',
        response: { 200: XapiAbout, ...problemResponses(401) },
      },
    },
    async () => ({ version: [xapiVersion] }),
  );

  app.post(
    '/v1/xapi/statements',
    {
      config: { permission: 'progress:write' },
      onRequest: requireVersion,
      attachValidation: true,
      schema: {
        tags,
        operationId: 'postXapiStatements',
        summary: 'Store statements from an e-learning player',
        description: `One statement or an array, all or nothing; answers their ids (new ones get one). ${statementsDescription}`,
        headers: XapiVersionHeaders,
        body: XapiStatementBatch,
        response: { 200: XapiStatementIds, ...problemResponses(400, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      const { statements, pathOf } = statementsOf(request);
      return transact(request, (ctx) => service.store(ctx, statements, pathOf, options.publicUrl));
    },
  );

  app.put(
    '/v1/xapi/statements',
    {
      config: { permission: 'progress:write' },
      onRequest: requireVersion,
      attachValidation: true,
      schema: {
        tags,
        operationId: 'putXapiStatement',
        summary: 'Store one statement under a given id',
        description: `The id in the body, if any, must be \`statementId\`. ${statementsDescription}`,
        headers: XapiVersionHeaders,
        querystring: XapiPutQuery,
        body: XapiStatement,
        response: {
          204: Type.Null({ description: 'Stored, or the same statement was stored already' }),
          ...problemResponses(400, 409, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const { statements, pathOf } = statementsOf(request);
      const statement = statements.map((s) => service.withStatementId(s, request.query.statementId));
      await transact(request, (ctx) => service.store(ctx, statement, pathOf, options.publicUrl));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/xapi/statements',
    {
      config: { permission: 'enrolments:read' },
      onRequest: requireVersion,
      schema: {
        tags,
        operationId: 'getXapiStatements',
        summary: 'One statement, or the statements that match filters',
        description:
          'With `statementId`: that statement. Otherwise the statements in your scope (a participant: their own; ' +
          'library and POI staff: their people\u2019s), newest stored first, filtered by `agent`, `verb`, ' +
          '`activity`, `registration`, `since` and `until` (on the stored time). Follow `more` for the next page. ' +
          'The `X-Experience-API-Consistent-Through` header is a moment before which every statement is stored ' +
          'and visible: a batch still being stored gets a later `stored`. To pull incrementally, keep that ' +
          'header of your first read and pass it as `since` next time, not the newest `stored` you saw.',
        headers: XapiVersionHeaders,
        querystring: XapiStatementQuery,
        response: {
          200: Type.Union([XapiStatement, XapiStatementResult]),
          ...problemResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      // Read before the statements: every statement not yet visible is stored after this moment.
      const consistentThrough = await readSyncWatermark(app.db);
      reply.header('x-experience-api-consistent-through', consistentThrough.toISOString());
      const { query } = request;
      if (query.statementId) return service.getOne(app.db, request.caller, query.statementId, query);
      return service.find(app.db, request.caller, query, request.url, options.publicUrl);
    },
  );
};
