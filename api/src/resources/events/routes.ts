import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '../../lib/schemas';
import { EventFeedPage, EventFeedQuery } from './schema';
import * as service from './service';

export interface EventFeedOptions {
  /** How long events are kept (EVENT_RETENTION_DAYS): a cursor older than the pruning answers 410. */
  retentionDays: number;
}

export const eventFeedDescription =
  'The changes Loket publishes to webhooks, as a feed to read at your own pace: the catch-up path after a ' +
  'missed delivery and the change stream for BI tools. Entries have the same shape as webhook bodies ' +
  '(`{ id, type, occurredAt, data }`; see `webhooks`). The order is fixed and has no gaps: an event is ' +
  'handed out only once every transaction that could still add an event before it has ended, so reading ' +
  'on from `page.nextCursor` never skips one, even when a slow change commits after a quick one. Keep ' +
  '`page.nextCursor` after processing a page and pass it as `after` next time; an empty page still moves ' +
  'it on. Delivery is at least once: deduplicate on the event id. An API client bound to an organisation ' +
  'reads the events of its subtree, like its webhook subscriptions. Events are kept for ' +
  '`EVENT_RETENTION_DAYS` (30 by default) after they occurred; a cursor from before events that were ' +
  'removed answers 410 (`cursor-expired`): read the current state again and start without a cursor.';

export const eventRoutes: FastifyPluginAsyncTypebox<EventFeedOptions> = async (app, options) => {
  app.get(
    '/v1/events',
    {
      config: { permission: 'events:read' },
      schema: {
        tags: ['Events'],
        operationId: 'readEvents',
        summary: 'Read the event feed after a cursor',
        description: eventFeedDescription,
        querystring: EventFeedQuery,
        response: { 200: EventFeedPage, ...problemResponses(400, 410) },
      },
    },
    async (request) => service.read(app.db, request.caller, request.query, options.retentionDays),
  );
};
