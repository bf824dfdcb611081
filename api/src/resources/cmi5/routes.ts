import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { IdempotencyHeaders, IdParams, problemResponses } from '../../lib/schemas';
import { idempotently } from '../../lib/write';
import { EnrolmentDetail } from '../enrolments/schema';
import {
  Cmi5AuthToken,
  Cmi5FetchError,
  Cmi5Launch,
  Cmi5LaunchRequest,
  Cmi5Session,
  Cmi5WaiveRequest,
  CourseParams,
  FetchParams,
  ModuleParams,
} from './schema';
import * as service from './service';

const tags = ['cmi5'];

export interface Cmi5Options {
  publicUrl: string;
}

export const cmi5Routes: FastifyPluginAsyncTypebox<Cmi5Options> = async (app, { publicUrl }) => {
  app.get(
    '/v1/programmes/:id/versions/:versionId/cmi5.xml',
    {
      config: { permission: 'catalogue:read' },
      schema: {
        tags,
        operationId: 'getCourseStructure',
        summary: 'The programme version as a cmi5 course structure',
        description:
          'A `cmi5.xml` with one assignable unit per module that has a launch URL in `content/`: the module\u2019s ' +
          'activity IRI as id, its launch URL, `moveOn` CompletedOrPassed (the rule Loket\u2019s progress ' +
          'follows). 409 `no-assignable-units` when no module has a launch URL.',
        params: CourseParams,
        response: {
          200: { description: 'The course structure', content: { 'application/xml': { schema: { type: 'string' } } } },
          ...problemResponses(404, 409),
        },
      },
    },
    async (request, reply) => {
      const xml = await service.courseStructure(app.db, publicUrl, request.params.id, request.params.versionId);
      return reply.type('application/xml; charset=utf-8').send(xml);
    },
  );

  app.post(
    '/v1/enrolments/:id/modules/:module/launch',
    {
      config: { permission: 'progress:write' },
      schema: {
        tags,
        operationId: 'launchModule',
        summary: 'Launch a module\u2019s e-learning (cmi5)',
        description:
          'For the participant (their own enrolment) or staff in scope. Starts a cmi5 session: writes the ' +
          '`LMS.LaunchData` state document and, when the learner has none, the `cmi5LearnerPreferences` agent ' +
          'profile, records a `launched` statement, and answers the launch URL. Its `fetch` URL hands out an auth ' +
          'token once; the unit sends it to `endpoint` as HTTP Basic while the session runs. When what the unit ' +
          'reports meets the module\u2019s moveOn (CompletedOrPassed), Loket records `satisfied` and the module is ' +
          'completed. 409 `not-launchable` for a module without e-learning, `enrolment-withdrawn` for a ' +
          'withdrawn enrolment.',
        params: ModuleParams,
        headers: IdempotencyHeaders,
        body: Cmi5LaunchRequest,
        response: { 201: Cmi5Launch, ...problemResponses(404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) =>
      idempotently(request, reply, 201, (ctx) =>
        service.launch(ctx, publicUrl, request.params.id, request.params.module, request.body ?? {}),
      ),
  );

  app.post(
    '/v1/enrolments/:id/modules/:module/waive',
    {
      config: { permission: 'enrolments:write' },
      schema: {
        tags,
        operationId: 'waiveModule',
        summary: 'Waive a module\u2019s assignable unit (cmi5)',
        description:
          'Staff only. Records `waived` (with the reason) and `satisfied` for the participant, which completes the ' +
          'module; audited. 409 `module-completed` when it is completed already.',
        params: ModuleParams,
        headers: IdempotencyHeaders,
        body: Cmi5WaiveRequest,
        response: { 200: EnrolmentDetail, ...problemResponses(404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) =>
      idempotently(request, reply, 200, (ctx) =>
        service.waive(ctx, publicUrl, request.params.id, request.params.module, request.body.reason),
      ),
  );

  app.post(
    '/v1/cmi5/sessions/:id/abandon',
    {
      config: { permission: 'enrolments:write' },
      schema: {
        tags,
        operationId: 'abandonLaunchSession',
        summary: 'Abandon a cmi5 session',
        description:
          'Staff only, for a session whose unit never terminated (a closed browser). Ends it: its auth token stops ' +
          'working, and an `abandoned` statement records how long it ran; audited. 409 `session-ended` when it ' +
          'ended already.',
        params: IdParams,
        headers: IdempotencyHeaders,
        response: { 200: Cmi5Session, ...problemResponses(404, 409) },
      },
    },
    async (request, reply) =>
      idempotently(request, reply, 200, (ctx) => service.abandon(ctx, publicUrl, request.params.id)),
  );

  // The fetch URL takes whatever an assignable unit posts (often nothing at all) and reads none of it.
  await app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 65_536 }, (_request, _body, done) =>
      done(null, undefined),
    );
    scoped.post(
      '/v1/cmi5/fetch/:key',
      {
        config: { permission: 'public', secretInPath: true },
        schema: {
          tags,
          operationId: 'fetchLaunchAuthToken',
          summary: 'A cmi5 fetch URL: the auth token, once',
          description:
            'Posted by the assignable unit (cmi5 8.2). The URL is the credential and works once; after that, or once ' +
            'its session ended, it answers cmi5\u2019s error structure instead of a token: `error-code` 1 (used or ' +
            'ended) or 2 (not a fetch URL Loket made) and `error-text`, with status 200 as cmi5 8.2.2 asks.',
          params: FetchParams,
          response: {
            200: Type.Union([Cmi5AuthToken, Cmi5FetchError], {
              description: 'The auth token, or cmi5\u2019s error structure',
            }),
          },
        },
      },
      async (request, reply) => {
        const answer = await app.db.transaction((tx) => service.fetchToken(tx, request.params.key));
        reply.header('cache-control', 'no-store');
        if ('token' in answer) return { 'auth-token': answer.token };
        return { 'error-code': answer.errorCode, 'error-text': answer.text };
      },
    );
  });
};
