import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, problemResponses } from '../../lib/schemas';
import { transact } from '../../lib/write';
import { Job } from './schema';
import * as service from './service';

export interface JobQueue {
  send(type: string, jobId: string): Promise<void>;
}

export function jobRoutes(queue: JobQueue, certificateBatchType: string): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/cohorts/:id/certificates',
      {
        config: { permission: 'certificates:issue' },
        schema: {
          tags: ['Certificates'],
          operationId: 'issueCohortCertificates',
          summary: 'Issue the certificates of a whole cohort, in the background',
          description:
            'Answers 202 with a job at once; follow it at GET /v1/jobs/{id}. Everyone for whom the completion rule ' +
            'holds gets their certificate (those who had one keep it); the others are listed with what is missing.',
          params: IdParams,
          response: { 202: Job, ...problemResponses(400, 404, 409) },
        },
      },
      async (request, reply) => {
        const job = await transact(request, (ctx) =>
          service.queueCertificateBatch(ctx, request.params.id, certificateBatchType),
        );
        await queue.send(certificateBatchType, job.id);
        return reply.code(202).header('location', `/v1/jobs/${job.id}`).send(job);
      },
    );

    app.get(
      '/v1/jobs/:id',
      {
        config: { permission: 'certificates:issue' },
        schema: {
          tags: ['Certificates'],
          operationId: 'getJob',
          summary: 'How far a background job is',
          description: 'Total, done and failed, with the reason of every failure.',
          params: IdParams,
          response: { 200: Job, ...problemResponses(400, 404) },
        },
      },
      async (request) => service.get(app.db, request.caller, request.params.id),
    );
  };
}
