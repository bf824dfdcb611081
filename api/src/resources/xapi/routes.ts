import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readSyncWatermark } from '@loket/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { badRequest, notFound } from '../../lib/errors';
import { problemResponses } from '../../lib/schemas';
import { transact } from '../../lib/write';
import { checkedByHandler } from '../../plugins/validation';
import { afterSessionStatements } from '../cmi5/service';
import { guardSessionStatements } from '../cmi5/session-guard';
import { xapiDocumentRoutes } from '../xapi-documents/routes';
import { alternateRoute } from './alternate';
import { type AttachmentContent, multipartAnswer, statementRequest } from './content';
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
import { acceptedLanguages } from './shape';

const tags = ['xAPI'];
const versionHeader = 'x-experience-api-version';
const consistentThrough = 'x-experience-api-consistent-through';
/** Statements with attachments may be larger than other requests. */
const bodyLimit = 16 * 1_048_576;

export interface XapiOptions {
  /** The homePage of the accounts that name participants. */
  publicUrl: string;
}

/** Every LRS request but `about` names the version it speaks (xAPI Communication 3.3). */
export async function requireVersion(request: FastifyRequest) {
  if (!isSupportedVersion(request.headers[versionHeader] as string | undefined)) {
    throw badRequest(
      `Send the header X-Experience-API-Version: ${xapiVersion}; this LRS speaks xAPI 1.0.x.`,
      'unsupported-xapi-version',
    );
  }
}

/** The query parameters as the client sent them (before defaults were filled in). */
export const sentParameters = (request: FastifyRequest) =>
  Object.fromEntries(new URL(request.url, 'http://loket.invalid').searchParams.entries());

/** The body as the client sent it: the LRS's routes parse their own. */
const rawBody = (request: FastifyRequest) => (Buffer.isBuffer(request.body) ? request.body : undefined);

/** A JSON answer, or multipart/mixed with the attachments' contents after it. */
function sendStatements(reply: FastifyReply, json: unknown, attachments: AttachmentContent[] | null) {
  if (attachments === null) return reply.type('application/json; charset=utf-8').send(JSON.stringify(json));
  const answer = multipartAnswer(json, attachments);
  return reply.type(`multipart/mixed; boundary=${answer.boundary}`).send(answer.body);
}

const statementsDescription =
  'Every valid xAPI 1.0.3 statement is stored, whatever its actor and object, with `authority` set from the ' +
  'credentials. A statement whose actor is a participant (an `account` with this installation\u2019s public URL ' +
  'as `homePage` and the participant id as `name`, their email address as `mbox`, its `mbox_sha1sum`, or an ' +
  'identity an admin linked) is linked to them; the others are kept unlinked and listed at ' +
  '`GET /v1/xapi-agents/unlinked`. Statements about a module a participant follows move its progress as in ' +
  'cmi5: `initialized`, `progressed` and `failed` mark it in progress, `completed` and `passed` complete it ' +
  '(with `result.score.scaled` as score); progress never goes back, and a statement for a withdrawn enrolment ' +
  'or a cohort that does not run is stored without moving it. A statement id sent again with the same content ' +
  'is accepted once; with other content it answers 409. Statements may come as `multipart/mixed` with their ' +
  'attachments; signed statements (a JWS attachment) are checked. Errors name the statement\u2019s place.';

const statementBody = { ...XapiStatementBatch, [checkedByHandler]: true };

export const xapiRoutes: FastifyPluginAsyncTypebox<XapiOptions> = async (app, options) => {
  // The LRS reads raw bodies: statements as JSON or multipart/mixed, documents in any content type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
  app.addHook('onSend', async (request, reply) => {
    reply.header(versionHeader, xapiVersion);
    // Whatever the answer, a reader of statements learns how far it can trust what it has.
    const statementsRead = request.method === 'GET' || request.method === 'HEAD';
    if (statementsRead && request.routeOptions.url === '/v1/xapi/statements' && !reply.hasHeader(consistentThrough)) {
      reply.header(consistentThrough, (await readSyncWatermark(app.db)).toISOString());
    }
  });
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
      config: { permission: 'progress:write', basicAuth: true },
      onRequest: requireVersion,
      bodyLimit,
      schema: {
        tags,
        operationId: 'postXapiStatements',
        summary: 'Store statements',
        description: `One statement or an array, all or nothing; answers their ids (new ones get one). ${statementsDescription}`,
        headers: XapiVersionHeaders,
        body: statementBody,
        response: { 200: XapiStatementIds, ...problemResponses(400, 403, 409, 413) },
      },
    },
    async (request) => {
      const sent = statementRequest(request.headers['content-type'], rawBody(request));
      const statements = await service.validStatements(sent);
      return transact(request, async (ctx) => {
        await guardSessionStatements(ctx, options.publicUrl, statements);
        const ids = await service.store(ctx, statements, sent.attachments, options.publicUrl);
        await afterSessionStatements(ctx, options.publicUrl, statements);
        return ids;
      });
    },
  );

  app.put(
    '/v1/xapi/statements',
    {
      config: { permission: 'progress:write', basicAuth: true },
      onRequest: requireVersion,
      bodyLimit,
      schema: {
        tags,
        operationId: 'putXapiStatement',
        summary: 'Store one statement under a given id',
        description: `The id in the body, if any, must be \`statementId\`. ${statementsDescription}`,
        headers: XapiVersionHeaders,
        querystring: XapiPutQuery,
        body: { ...XapiStatement, [checkedByHandler]: true },
        response: {
          204: Type.Null({ description: 'Stored, or the same statement was stored already' }),
          ...problemResponses(400, 403, 409, 413),
        },
      },
    },
    async (request, reply) => {
      const sent = statementRequest(request.headers['content-type'], rawBody(request));
      if (Array.isArray(sent.body)) throw badRequest('A PUT stores one statement, not an array.', 'validation');
      const [statement] = await service.validStatements(sent);
      const withId = service.withStatementId(statement ?? {}, request.query.statementId);
      await transact(request, async (ctx) => {
        await guardSessionStatements(ctx, options.publicUrl, [withId]);
        await service.store(ctx, [withId], sent.attachments, options.publicUrl);
        await afterSessionStatements(ctx, options.publicUrl, [withId]);
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/xapi/statements',
    {
      config: { permission: 'xapi:read', basicAuth: true },
      onRequest: requireVersion,
      schema: {
        tags,
        operationId: 'getXapiStatements',
        summary: 'One statement, or the statements that match filters',
        description:
          'With `statementId` (or `voidedStatementId`): that statement. Otherwise the statements you may read, ' +
          'newest stored first, filtered by `agent`, `verb`, `activity`, `registration`, `since` and `until` (on ' +
          'the stored time); voided statements are left out, and statements that refer to a matching statement ' +
          'are included. You read the statements linked to the participants in your scope (a participant their ' +
          'own), and of the unlinked ones those your own credentials stored (an admin or an API client bound to ' +
          'no organisation: all of them). Follow `more` for the next page. The ' +
          '`X-Experience-API-Consistent-Through` header, sent with every answer, is a moment before which every ' +
          'statement is stored and visible: a batch still being stored gets a later `stored`. To pull ' +
          'incrementally, keep that header of your first read and pass it as `since` next time, not the newest ' +
          '`stored` you saw.',
        headers: XapiVersionHeaders,
        querystring: XapiStatementQuery,
        response: {
          200: Type.Union([XapiStatement, XapiStatementResult], {
            description: 'application/json, or multipart/mixed with `attachments=true`',
          }),
          ...problemResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      // Read before the statements: every statement not yet visible is stored after this moment.
      reply.header(consistentThrough, (await readSyncWatermark(app.db)).toISOString());
      const { query } = request;
      const read = {
        format: query.format,
        languages: acceptedLanguages(request.headers['accept-language']),
        attachments: query.attachments,
      };
      const answer =
        query.statementId || query.voidedStatementId
          ? await service.getOne(app.db, request.caller, query, sentParameters(request), read)
          : await service.find(app.db, request.caller, query, request.url, read);
      return sendStatements(reply, answer.json, query.attachments ? answer.attachments : null);
    },
  );

  await app.register(xapiDocumentRoutes, options);
  await app.register(alternateRoute);
};
