import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { csvStream, ExcelFlag, isExcel } from '../../lib/csv';
import { problemResponses, Uuid } from '../../lib/schemas';
import * as service from './service';

const tags = ['Exports'];
const csvBody: Record<string, unknown> = {
  description:
    'CSV (RFC 4180), streamed. Text cells that start with =, +, -, @, a tab or a carriage return get a leading ' +
    'single quote, so that a spreadsheet shows them as text instead of running them (CSV injection). Should the ' +
    'database fail partway, the transfer is cut off without its final chunk: a client sees a broken download, ' +
    'never a short file that looks whole.',
  content: { 'text/csv': { schema: { type: 'string' } } },
};
const excel = ExcelFlag;

export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/exports/participants',
    {
      config: { permission: 'participants:read' },
      schema: {
        tags,
        operationId: 'exportParticipants',
        summary: 'All participants in your scope as CSV',
        description: 'Streamed page by page (keyset), so it works for every library in the country at constant memory.',
        querystring: Type.Object({ organisationId: Type.Optional(Uuid), excel }, { additionalProperties: false }),
        response: { 200: csvBody, ...problemResponses(400, 503) },
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="deelnemers.csv"')
        .send(
          csvStream(
            service.participantRows(app.db, request.caller, request.query.organisationId),
            service.participantColumns,
            isExcel(request.query.excel),
          ),
        ),
  );

  app.get(
    '/v1/exports/enrolments',
    {
      config: { permission: 'enrolments:read' },
      schema: {
        tags,
        operationId: 'exportEnrolmentProgress',
        summary: 'Enrolments with their progress per module as CSV',
        description: 'One row per enrolment and chosen module, streamed page by page at constant memory.',
        querystring: Type.Object({ cohortId: Type.Optional(Uuid), excel }, { additionalProperties: false }),
        response: { 200: csvBody, ...problemResponses(400, 503) },
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="inschrijvingen-voortgang.csv"')
        .send(
          csvStream(
            service.enrolmentProgressRows(app.db, request.caller, request.query.cohortId),
            service.enrolmentProgressColumns,
            isExcel(request.query.excel),
          ),
        ),
  );

  app.get(
    '/v1/exports/attendance',
    {
      config: { permission: 'enrolments:read' },
      schema: {
        tags,
        operationId: 'exportAttendance',
        summary: 'Attendance records as CSV',
        description: 'One row per meeting and participant whose attendance was taken, streamed at constant memory.',
        querystring: Type.Object({ cohortId: Type.Optional(Uuid), excel }, { additionalProperties: false }),
        response: { 200: csvBody, ...problemResponses(400, 503) },
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="aanwezigheid.csv"')
        .send(
          csvStream(
            service.attendanceRows(app.db, request.caller, request.query.cohortId),
            service.attendanceColumns,
            isExcel(request.query.excel),
          ),
        ),
  );

  app.get(
    '/v1/exports/xapi-statements',
    {
      config: { permission: 'enrolments:read' },
      schema: {
        tags,
        operationId: 'exportXapiStatements',
        summary: 'The xAPI statements the players sent, as CSV',
        description: 'Oldest stored first; `since` for an incremental pull. The statement itself is a JSON column.',
        querystring: Type.Object(
          {
            since: Type.Optional(Type.String({ format: 'date-time', description: 'Stored after this moment' })),
            excel,
          },
          { additionalProperties: false },
        ),
        response: { 200: csvBody, ...problemResponses(400, 503) },
      },
    },
    async (request, reply) => {
      const csv = await service.statementsCsv(
        app.connection,
        request.caller,
        request.query.since ? new Date(request.query.since) : undefined,
        isExcel(request.query.excel),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="xapi-statements.csv"')
        .send(csv);
    },
  );
};
