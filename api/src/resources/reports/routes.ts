import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isExcel } from '../../lib/csv';
import { problemResponses } from '../../lib/schemas';
import { columnsOf, evaluationColumns, evaluationCsvRows, sendCsv, wantsCsv } from './csv';
import {
  AttendanceReport,
  CertificatesReport,
  EvaluationReport,
  EvaluationReportQuery,
  ProgressReport,
  ProgressReportQuery,
  ReportQuery,
  RolloutReport,
} from './schema';
import * as service from './service';

const tags = ['Reports'];
const config = { permission: 'reports:read' as const };
/** The report as JSON, or the same rows as CSV. */
const jsonOrCsv = <T>(schema: T) => ({
  description: 'The report; the same rows as CSV when asked for',
  content: { 'application/json': { schema }, 'text/csv': { schema: { type: 'string' as const } } },
});

export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/reports/evaluations',
    {
      config,
      schema: {
        tags,
        operationId: 'reportEvaluations',
        summary: 'Evaluation ratings per cohort, library, phase or programme version',
        description:
          'For the pilot evaluation: the number of responses, the mean rating and the distribution per group and kind ' +
          'of subject (module, meeting, cohort), within your scope. Compare the pilot libraries with `groupBy=library&phase=pilot`. ' +
          'As CSV with `?format=csv` or `Accept: text/csv`.',
        querystring: EvaluationReportQuery,
        response: { 200: jsonOrCsv(EvaluationReport), ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const report = await service.evaluationReport(app.db, request.caller, request.query);
      if (wantsCsv(request, request.query.format)) {
        const rows = evaluationCsvRows(report);
        return sendCsv(
          reply,
          `evaluaties-${request.query.groupBy}`,
          rows,
          evaluationColumns,
          isExcel(request.query.excel),
        );
      }
      return report;
    },
  );

  app.get(
    '/v1/reports/progress',
    {
      config,
      schema: {
        tags,
        operationId: 'reportProgress',
        summary: 'Module progress per library, POI, module, phase or programme version',
        description:
          'Counts and percentages of the chosen modules not started, in progress and completed, within your scope.',
        querystring: ProgressReportQuery,
        response: { 200: jsonOrCsv(ProgressReport), ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const report = await service.progress(app.db, request.caller, request.query);
      if (wantsCsv(request, request.query.format)) {
        return sendCsv(
          reply,
          `voortgang-${request.query.groupBy}`,
          report.rows,
          columnsOf(ProgressReport),
          isExcel(request.query.excel),
        );
      }
      return report;
    },
  );

  app.get(
    '/v1/reports/rollout',
    {
      config,
      schema: {
        tags,
        operationId: 'reportRollout',
        summary: 'Rollout status per library and cohort',
        description:
          'Cohort status and dates, people enrolled, active, completed and withdrawn, and valid certificates.',
        querystring: ReportQuery,
        response: { 200: jsonOrCsv(RolloutReport), ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const report = await service.rollout(app.db, request.caller, request.query);
      if (wantsCsv(request, request.query.format))
        return sendCsv(reply, 'uitrol', report.rows, columnsOf(RolloutReport), isExcel(request.query.excel));
      return report;
    },
  );

  app.get(
    '/v1/reports/attendance',
    {
      config,
      schema: {
        tags,
        operationId: 'reportAttendance',
        summary: 'Attendance per cohort and kind of meeting',
        querystring: ReportQuery,
        response: { 200: jsonOrCsv(AttendanceReport), ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const report = await service.attendance(app.db, request.caller, request.query);
      if (wantsCsv(request, request.query.format))
        return sendCsv(reply, 'aanwezigheid', report.rows, columnsOf(AttendanceReport), isExcel(request.query.excel));
      return report;
    },
  );

  app.get(
    '/v1/reports/certificates',
    {
      config,
      schema: {
        tags,
        operationId: 'reportCertificates',
        summary: 'Certificates issued over time',
        description: 'Per month, how many were issued and how many of those have been revoked since.',
        querystring: ReportQuery,
        response: { 200: jsonOrCsv(CertificatesReport), ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const report = await service.certificatesIssued(app.db, request.caller, request.query);
      if (wantsCsv(request, request.query.format))
        return sendCsv(reply, 'certificaten', report.rows, columnsOf(CertificatesReport), isExcel(request.query.excel));
      return report;
    },
  );
};
