import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '../../lib/schemas';
import { AuditEventList, AuditEventQuery } from './schema';
import * as service from './service';

export const auditEventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/audit-events',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['Audit'],
        operationId: 'listAuditEvents',
        summary: 'Who changed what, and when',
        description:
          'Every change, newest first, with the record before and after. Advisers see the changes within their ' +
          'province; national changes only admins.',
        querystring: AuditEventQuery,
        response: { 200: AuditEventList, ...problemResponses(400) },
      },
    },
    async (request) => service.list(app.db, request.caller, request.query),
  );
};
