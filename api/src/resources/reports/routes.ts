import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '../../lib/schemas';
import { EvaluationReport, EvaluationReportQuery } from './schema';
import * as service from './service';

export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/reports/evaluations',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags: ['Reports'],
        operationId: 'reportEvaluations',
        summary: 'Evaluation ratings per cohort, library, phase or programme version',
        description:
          'For the pilot evaluation: the number of responses, the mean rating and the distribution per group and kind ' +
          'of subject (module, meeting, cohort), within your scope. Compare the pilot libraries with `groupBy=library&phase=pilot`.',
        querystring: EvaluationReportQuery,
        response: { 200: EvaluationReport, ...problemResponses(400) },
      },
    },
    async (request) => service.evaluationReport(app.db, request.caller, request.query),
  );
};
