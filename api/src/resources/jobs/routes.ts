import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdempotencyHeaders, IdParams, problemResponses } from '../../lib/schemas';
import { idempotently } from '../../lib/write';
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
            'holds gets their certificate (those who had one keep it); the others are listed with what is missing. ' +
            'A retry with the same Idempotency-Key answers the same job instead of queueing another.',
          params: IdParams,
          headers: IdempotencyHeaders,
          response: { 202: Job, ...problemResponses(400, 404, 409) },
        },
      },
      async (request, reply) => {
        const job = await idempotently(request, reply, 202, (ctx) =>
          service.queueCertificateBatch(ctx, request.params.id, certificateBatchType),
        );
        // A replayed answer's job was queued by the first request.
        if (!reply.hasHeader('idempotent-replayed')) await queue.send(certificateBatchType, job.id);
        return reply.header('location', `/v1/jobs/${job.id}`).send(job);
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
