import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { withEtag } from '../../lib/http';
import { createSchema, IdParams, IfMatchHeaders, problemResponses, updateSchema } from '../../lib/schemas';
import { respondCreated, respondUpdated, transact } from '../../lib/write';
import {
  AttendanceList,
  AttendanceView,
  Session,
  SessionCreate,
  SessionList,
  SessionPatch,
  SessionQuery,
} from './schema';
import * as service from './service';

const tags = ['Meetings'];

export const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/sessions',
    {
      config: { permission: 'sessions:read' },
      schema: {
        tags,
        operationId: 'listSessions',
        summary: 'List meetings',
        description:
          'The kick-offs and team meetings in your scope, in time order; filter by cohort, status, type and period.',
        querystring: SessionQuery,
        response: { 200: SessionList, ...problemResponses(400) },
      },
    },
    async (request) => service.list(app.db, request.caller, request.query),
  );

  app.get(
    '/v1/sessions/:id',
    {
      config: { permission: 'sessions:read' },
      schema: {
        tags,
        operationId: 'getSession',
        summary: 'Get a meeting',
        params: IdParams,
        response: { 200: Session, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const session = await service.get(app.db, request.caller, request.params.id);
      return withEtag(reply, session);
    },
  );

  app.post(
    '/v1/sessions',
    {
      config: { permission: 'sessions:write' },
      schema: {
        tags,
        operationId: 'createSession',
        summary: 'Plan an extra meeting',
        description:
          'Creating a cohort already plans the meetings of its programme version\u2019s meeting plan; this adds one. Not in a closed cohort.',
        ...createSchema(SessionCreate, Session, 400, 409, 413, 415, 422),
      },
    },
    async (request, reply) => respondCreated(request, reply, (ctx) => service.create(ctx, request.body)),
  );

  app.patch(
    '/v1/sessions/:id',
    {
      config: { permission: 'sessions:write' },
      schema: {
        tags,
        operationId: 'updateSession',
        summary: 'Reschedule or change a meeting',
        ...updateSchema(SessionPatch, Session, 400, 404, 409, 412, 413, 415, 422),
      },
    },
    async (request, reply) =>
      respondUpdated(request, reply, (ctx) =>
        service.update(ctx, request.params.id, request.body, request.headers['if-match']),
      ),
  );

  app.post(
    '/v1/sessions/:id/cancel',
    {
      config: { permission: 'sessions:write' },
      schema: {
        tags,
        operationId: 'cancelSession',
        summary: 'Cancel a meeting',
        description: 'A cancelled meeting no longer counts for the certificate. Safe to repeat.',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 200: Session, ...problemResponses(400, 404, 409, 412) },
      },
    },
    async (request) => transact(request, (ctx) => service.cancel(ctx, request.params.id, request.headers['if-match'])),
  );

  app.get(
    '/v1/sessions/:id/attendance',
    {
      config: { permission: 'sessions:read' },
      schema: {
        tags,
        operationId: 'getAttendance',
        summary: 'The attendance list of a meeting',
        description: 'Every enrolment of the cohort, with what was recorded (null when nothing yet).',
        params: IdParams,
        response: { 200: AttendanceView, ...problemResponses(400, 404) },
      },
    },
    async (request) => service.attendanceOf(app.db, request.caller, request.params.id),
  );

  app.put(
    '/v1/sessions/:id/attendance',
    {
      config: { permission: 'attendance:write' },
      schema: {
        tags,
        operationId: 'takeAttendance',
        summary: 'Take attendance for a whole meeting',
        description:
          'The list replaces what was recorded: present, absent or excused for enrolments of this cohort only. An ' +
          'excused absence with `excuseWaived` counts for the certificate. Facilitators only for cohorts they lead.',
        params: IdParams,
        body: AttendanceList,
        response: { 200: AttendanceView, ...problemResponses(400, 404, 409, 413, 415, 422) },
      },
    },
    async (request) => transact(request, (ctx) => service.takeAttendance(ctx, request.params.id, request.body)),
  );
};
