import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdempotencyHeaders, IdParams, problemResponses } from '../../lib/schemas';
import { idempotently } from '../../lib/write';
import { Cmi5WaiveRequest } from '../cmi5/schema';
import {
  CourseLaunch,
  CourseLaunchRequest,
  CourseSession,
  RegistrationUnitParams,
  UnitParams,
  UnitWaived,
} from './schema';
import * as service from './service';

const tags = ['cmi5'];

export interface Cmi5RegistrationOptions {
  publicUrl: string;
}

export const cmi5RegistrationRoutes: FastifyPluginAsyncTypebox<Cmi5RegistrationOptions> = async (
  app,
  { publicUrl },
) => {
  app.post(
    '/v1/cmi5/courses/:id/assignable-units/:position/launch',
    {
      config: { permission: 'courses:manage' },
      schema: {
        tags,
        operationId: 'launchCourseUnit',
        summary: 'Launch an imported course\u2019s unit for a learner (cmi5)',
        description:
          'For whoever manages courses: KB staff trying a package, or an e-learning platform launching for its ' +
          'learners. The learner is any xAPI Agent. Starts a session in the named registration (same course, same ' +
          'learner: else 409 `registration-mismatch`) or a new one, writes `LMS.LaunchData` and the learner\u2019s ' +
          'preferences, records `launched`, and answers the launch URL with a one-time fetch URL. The unit\u2019s ' +
          'statements are held to cmi5\u2019s rules (403 `cmi5-rule` naming the requirement); when every unit of a ' +
          'block or of the course meets its moveOn, Loket records `satisfied` for it.',
        params: UnitParams,
        headers: IdempotencyHeaders,
        body: CourseLaunchRequest,
        response: { 201: CourseLaunch, ...problemResponses(404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) =>
      idempotently(request, reply, 201, (ctx) =>
        service.launch(ctx, publicUrl, request.params.id, request.params.position, request.body),
      ),
  );

  app.post(
    '/v1/cmi5/registrations/:registration/assignable-units/:position/waive',
    {
      config: { permission: 'courses:manage' },
      schema: {
        tags,
        operationId: 'waiveCourseUnit',
        summary: 'Waive an imported course\u2019s unit in a registration (cmi5)',
        description:
          'Records `waived` with the reason, then `satisfied` for every block and the course that this completes; ' +
          'audited. 409 `unit-waived` when it was waived already.',
        params: RegistrationUnitParams,
        headers: IdempotencyHeaders,
        body: Cmi5WaiveRequest,
        response: { 200: UnitWaived, ...problemResponses(404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) =>
      idempotently(request, reply, 200, (ctx) =>
        service.waive(ctx, publicUrl, request.params.registration, request.params.position, request.body.reason),
      ),
  );

  app.post(
    '/v1/cmi5/course-sessions/:id/abandon',
    {
      config: { permission: 'courses:manage' },
      schema: {
        tags,
        operationId: 'abandonCourseSession',
        summary: 'Abandon a session of an imported course\u2019s unit (cmi5)',
        description:
          'For a session whose unit never terminated. Ends it: its auth token stops working, and an `abandoned` ' +
          'statement records how long it ran; audited. 409 `session-ended` when it ended already.',
        params: IdParams,
        headers: IdempotencyHeaders,
        response: { 200: CourseSession, ...problemResponses(404, 409) },
      },
    },
    async (request, reply) =>
      idempotently(request, reply, 200, (ctx) => service.abandon(ctx, publicUrl, request.params.id)),
  );
};
