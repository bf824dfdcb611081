import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { withEtag } from '../../lib/http';
import { createSchema, IdParams, IfMatchHeaders, problemResponses, Uuid } from '../../lib/schemas';
import { idempotently, respondUpdated } from '../../lib/write';
import { Programme, ProgrammeDraft, ProgrammeDraftCreate, ProgrammeList, ProgrammeQuery } from './schema';
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
      return withEtag(reply, programme);
    },
  );

  app.post(
    '/v1/programmes/:id/versions',
    {
      config: { permission: 'programmes:publish' },
      schema: {
        tags,
        operationId: 'draftProgrammeVersion',
        summary: 'Draft a new programme version',
        description:
          'KB staff only. Derives a draft from a stored version: its module texts unchanged, only the chosen ' +
          'modules, and the meetings content/meetings.md defines (title and agenda as written) in the chosen ' +
          'order, week and length. The same choices again answer the same version, so a retry is safe; publish ' +
          'the draft with `publishProgrammeVersion`. Audited. 422 `module-unknown`, `meeting-unknown` or ' +
          '`meeting-twice`; 404 for an unknown programme or base version.',
        params: IdParams,
        ...createSchema(ProgrammeDraftCreate, ProgrammeDraft, 400, 404, 413, 415, 422),
      },
    },
    async (request, reply) =>
      idempotently(request, reply, 201, (ctx) => service.draft(ctx, request.params.id, request.body)),
  );

  app.post(
    '/v1/programmes/:id/versions/:versionId/publish',
    {
      config: { permission: 'programmes:publish' },
      schema: {
        tags,
        operationId: 'publishProgrammeVersion',
        summary: 'Publish a programme version',
        description:
          'Makes a draft version the one new cohorts start on and retires the version published before it. ' +
          'Running cohorts keep the version they started on. Publishing the published version again changes ' +
          'nothing (safe to repeat); a retired version answers 409. If-Match takes the programme\u2019s ETag.',
        params: Type.Object({ id: Uuid, versionId: Uuid }, { additionalProperties: false }),
        headers: IfMatchHeaders,
        response: { 200: Programme, ...problemResponses(400, 404, 409, 412) },
      },
    },
    async (request, reply) =>
      respondUpdated(request, reply, (ctx) =>
        service.publish(ctx, request.params.id, request.params.versionId, request.headers['if-match']),
      ),
  );
};
