import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { withEtag } from '../../lib/http';
import { createSchema, IdParams, problemResponses, updateSchema } from '../../lib/schemas';
import { respondCreated, respondUpdated, transact } from '../../lib/write';
import * as cohorts from '../cohorts/service';
import { importColumns } from './csv';
import { importCsv } from './import';
import * as progress from './progress';
import {
  BulkEnrolment,
  Enrolment,
  EnrolmentCreate,
  EnrolmentDetail,
  EnrolmentDetailList,
  EnrolmentList,
  EnrolmentPatch,
  EnrolmentQuery,
  ImportQuery,
  ImportReport,
  ProgressByHand,
  ProgressParams,
  ProgressReset,
  ProgressUpdate,
} from './schema';
import * as service from './service';

const tags = ['Enrolments'];
const csvLimit = 5 * 1024 * 1024;
const columnDocs = Object.values(importColumns)
  .map((c) => `\`${c.headers[0]}\`${c.required ? ' (required)' : ''}`)
  .join(', ');

export const enrolmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'string', bodyLimit: csvLimit },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/v1/enrolments',
    {
      config: { permission: 'enrolments:read' },
      schema: {
        tags,
        operationId: 'listEnrolments',
        summary: 'List enrolments',
        description: 'Filter by cohort, participant and status; `updatedSince` for incremental sync.',
        querystring: EnrolmentQuery,
        response: { 200: EnrolmentList, ...problemResponses(400) },
      },
    },
    async (request) => service.list(app.db, request.caller, request.query),
  );

  app.get(
    '/v1/enrolments/:id',
    {
      config: { permission: 'enrolments:read' },
      schema: {
        tags,
        operationId: 'getEnrolment',
        summary: 'A participant\u2019s whole picture in a cohort',
        description:
          'Progress per chosen module, attendance per meeting, and what is still missing for the certificate.',
        params: IdParams,
        response: { 200: EnrolmentDetail, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const detail = await service.get(app.db, request.caller, request.params.id);
      return withEtag(reply, detail);
    },
  );

  app.post(
    '/v1/enrolments',
    {
      config: { permission: 'enrolments:write' },
      schema: {
        tags,
        operationId: 'createEnrolment',
        summary: 'Enrol one participant in a cohort',
        description:
          'The participant must work at the cohort\u2019s library or one of its branches. Not into a cohort that is evaluating or closed.',
        ...createSchema(EnrolmentCreate, EnrolmentDetail, 400, 409, 413, 415, 422),
      },
    },
    async (request, reply) => respondCreated(request, reply, (ctx) => service.create(ctx, request.body)),
  );

  app.patch(
    '/v1/enrolments/:id',
    {
      config: { permission: 'enrolments:write' },
      schema: {
        tags,
        operationId: 'updateEnrolment',
        summary: 'Withdraw a participant, or take them back',
        ...updateSchema(EnrolmentPatch, EnrolmentDetail, 400, 404, 409, 412, 422),
      },
    },
    async (request, reply) =>
      respondUpdated(request, reply, (ctx) =>
        service.update(ctx, request.params.id, request.body.status, request.headers['if-match']),
      ),
  );

  app.get(
    '/v1/cohorts/:id/enrolments',
    {
      config: { permission: 'enrolments:read' },
      schema: {
        tags,
        operationId: 'listCohortEnrolments',
        summary: 'The enrolments of a cohort',
        params: IdParams,
        querystring: Type.Omit(EnrolmentQuery, ['cohortId']),
        response: { 200: EnrolmentList, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      await cohorts.get(app.db, request.caller, request.params.id);
      return service.list(app.db, request.caller, { ...request.query, cohortId: request.params.id });
    },
  );

  app.post(
    '/v1/cohorts/:id/enrolments',
    {
      config: { permission: 'enrolments:write' },
      schema: {
        tags,
        operationId: 'enrolMany',
        summary: 'Enrol many participants at once',
        description:
          'All or nothing: when one of them cannot be enrolled, nobody is. At most 1000 people at a time; a longer ' +
          'list answers 422. The answer lists every enrolment made.',
        params: IdParams,
        body: BulkEnrolment,
        response: {
          201: Type.Object(
            { data: Type.Array(Enrolment) },
            { additionalProperties: false, description: 'Enrolled: every enrolment made' },
          ),
          ...problemResponses(400, 404, 409, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const result = await transact(request, (ctx) =>
        service.createMany(ctx, request.params.id, request.body.participantIds),
      );
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/v1/cohorts/:id/enrolments/import',
    {
      config: { permission: 'enrolments:write' },
      schema: {
        tags,
        operationId: 'importEnrolments',
        summary: 'Import participants and enrol them from a CSV file',
        description:
          `Send the file as \`text/csv\` (UTF-8, with or without BOM; comma- or semicolon-separated as Excel writes it). ` +
          `Columns: ${columnDocs}. \`vestiging\` names a branch of the library (default: the library itself). ` +
          'People are matched on email: new ones are created, existing ones at this library enrolled, those already ' +
          'enrolled skipped. `dryRun=true` (the default) reports every row\u2019s problems and changes nothing; ' +
          '`dryRun=false` imports all rows in one transaction, or nothing when any row has a problem. At most 5 MB ' +
          'and 5000 rows.',
        consumes: ['text/csv'],
        params: IdParams,
        querystring: ImportQuery,
        body: Type.String({
          description: 'The CSV file',
          examples: [
            'voornaam,tussenvoegsel,achternaam,e-mail,functie\r\n' +
              'Fatima,,Bakker,fatima.bakker@hilversum.example,Medewerker publieksservice\r\n',
          ],
        }),
        response: { 200: ImportReport, ...problemResponses(400, 404, 409, 413, 415, 422) },
      },
    },
    async (request) =>
      transact(request, (ctx) => importCsv(ctx, request.params.id, request.body, request.query.dryRun)),
  );

  app.put(
    '/v1/enrolments/:id/progress/:moduleCode',
    {
      config: { permission: 'progress:write' },
      schema: {
        tags,
        operationId: 'recordProgress',
        summary: 'Record progress on a module',
        description:
          'For e-learning players and coordinators. A completed module stays completed (repeating it changes nothing); ' +
          'only an admin can reopen it. Completing the last requirement completes the enrolment.',
        params: ProgressParams,
        body: ProgressUpdate,
        response: { 200: EnrolmentDetail, ...problemResponses(400, 404, 409, 413, 415, 422) },
      },
    },
    async (request) =>
      transact(request, (ctx) =>
        progress.recordProgress(ctx, request.params.id, request.params.moduleCode, request.body),
      ),
  );

  app.post(
    '/v1/enrolments/:id/progress/:moduleCode/by-hand',
    {
      config: { permission: 'progress:record-by-hand' },
      schema: {
        tags,
        operationId: 'recordProgressByHand',
        summary: 'Record progress on a module by hand',
        description:
          'For coordinators, advisers and admins, in their scope: e.g. a module the participant completed elsewhere. ' +
          'The reason is required, shown on the enrolment with who recorded it and when, and kept in the audit log. It ' +
          'counts for the certificate like any progress; a completed module stays completed.',
        params: ProgressParams,
        body: ProgressByHand,
        response: { 200: EnrolmentDetail, ...problemResponses(400, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request) =>
      transact(request, (ctx) =>
        progress.recordProgressByHand(ctx, request.params.id, request.params.moduleCode, request.body),
      ),
  );

  app.post(
    '/v1/enrolments/:id/progress/:moduleCode/reset',
    {
      config: { permission: 'progress:reset' },
      schema: {
        tags,
        operationId: 'resetProgress',
        summary: 'Reopen a completed module',
        description: 'Admins only, with a reason that is kept in the audit log.',
        params: ProgressParams,
        body: ProgressReset,
        response: { 200: EnrolmentDetail, ...problemResponses(400, 404, 409, 413, 415, 422) },
      },
    },
    async (request) =>
      transact(request, (ctx) =>
        progress.resetProgress(ctx, request.params.id, request.params.moduleCode, request.body.reason),
      ),
  );

  app.get(
    '/v1/me/enrolments',
    {
      config: { permission: 'self:read' },
      schema: {
        tags,
        operationId: 'listMyEnrolments',
        summary: 'My own enrolments, with progress and what is still missing',
        description: 'For a signed-in participant; empty for other accounts.',
        response: { 200: EnrolmentDetailList },
      },
    },
    async (request) => service.mine(app.db, request.caller),
  );
};
