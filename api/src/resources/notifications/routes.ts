import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '../../lib/schemas';
import { NotificationList, NotificationQuery } from './schema';
import * as service from './service';

export const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/notifications',
    {
      config: { permission: 'notifications:read' },
      schema: {
        tags: ['Notifications'],
        operationId: 'listNotifications',
        summary: 'List the e-mails Loket sent or kept',
        description:
          'Invitations, meeting reminders and certificate messages, with their status. Without a mail server ' +
          '(SMTP_URL) messages are kept here instead of sent, so none is silently lost. A participant sees their ' +
          'own messages; staff those of the people in their organisation subtree. Messages that are sent, kept or ' +
          'failed for good are deleted after `EVENT_RETENTION_DAYS` (30 by default).',
        querystring: NotificationQuery,
        response: { 200: NotificationList, ...problemResponses(400) },
      },
    },
    async (request) => service.list(app.db, request.caller, request.query),
  );
};
