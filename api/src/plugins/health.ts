import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { DomainError } from '../lib/errors';
import { problemResponses } from '../lib/schemas';

const health = (description: string) =>
  Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false, description });

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/health/live',
    {
      config: { pressureExempt: true },
      schema: {
        tags: ['Health'],
        operationId: 'getLiveness',
        summary: 'Is the process up?',
        description: 'Answers as long as the process serves requests; does not touch the database.',
        response: { 200: health('The process is up') },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/health/ready',
    {
      schema: {
        tags: ['Health'],
        operationId: 'getReadiness',
        summary: 'Can it serve traffic?',
        description:
          'Checks that the database answers and that the process is not overloaded; 503 with Retry-After while either fails.',
        response: {
          200: health('Ready: the database answers and the process is not overloaded'),
          ...problemResponses(503),
        },
      },
    },
    async (request) => {
      try {
        await app.connection.ping();
      } catch (error) {
        request.log.warn({ err: error }, 'database not reachable');
        throw new DomainError(503, 'unavailable', 'Service unavailable', 'The database does not answer.');
      }
      return { status: 'ok' as const };
    },
  );
}
