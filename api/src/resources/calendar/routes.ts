import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problemResponses } from '../../lib/schemas';
import { respondNoContent, transact } from '../../lib/write';
import type { CalendarContext } from '../../mail/calendar';
import { CalendarFeed, CalendarFeedWithUrl, FeedParams } from './schema';
import * as service from './service';

const tags = ['Calendar'];
const config = { permission: 'calendar:own' as const };

export function calendarRoutes(
  context: CalendarContext,
  feedRateLimit: { max: number; timeWindow: number },
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/me/calendar-feed',
      {
        config,
        schema: {
          tags,
          operationId: 'getCalendarFeed',
          summary: 'Whether I have a calendar feed',
          description:
            'When it was made and last read; its URL was shown once, when it was made. 404 when there is none.',
          response: { 200: CalendarFeed, ...problemResponses(404) },
        },
      },
      async (request) => service.get(app.db, request.caller),
    );

    app.post(
      '/v1/me/calendar-feed',
      {
        config,
        schema: {
          tags,
          operationId: 'rotateCalendarFeed',
          summary: 'Make a new calendar feed URL',
          description:
            'A private URL listing my meetings (a participant: the meetings of my cohorts; staff: the meetings I ' +
            'lead) as iCalendar, for Outlook, Google Calendar or Apple Calendar to subscribe to. The URL before it, ' +
            'if any, stops working at once (410). The answer is the only place the URL is shown, so there is no ' +
            'Idempotency-Key: a retry makes another URL.',
          response: { 201: CalendarFeedWithUrl, ...problemResponses(404) },
        },
      },
      async (request, reply) => {
        const made = await transact(request, (ctx) => service.rotate(ctx, context.publicUrl));
        reply.code(201).header('cache-control', 'no-store');
        return made;
      },
    );

    app.delete(
      '/v1/me/calendar-feed',
      {
        config,
        schema: {
          tags,
          operationId: 'revokeCalendarFeed',
          summary: 'Revoke my calendar feed',
          description: 'Its URL answers 410 from now on. 404 when there is none.',
          response: { 204: Type.Null({ description: 'Revoked' }), ...problemResponses(404) },
        },
      },
      async (request, reply) => respondNoContent(request, reply, (ctx) => service.revoke(ctx)),
    );

    app.get(
      '/v1/calendar/:token.ics',
      {
        config: { permission: 'public', rateLimit: feedRateLimit, secretInPath: true },
        schema: {
          tags,
          operationId: 'readCalendarFeed',
          summary: 'A person\u2019s meetings as a calendar feed',
          description:
            'iCalendar (RFC 5545), times in Europe/Amsterdam with its VTIMEZONE; each meeting keeps its UID and ' +
            'SEQUENCE, as in the invitations. The URL is the credential: no Authorization header. 404 for an ' +
            'unknown URL, 410 `calendar-feed-revoked` once it is revoked or replaced.',
          params: FeedParams,
          response: {
            200: {
              description: 'The calendar',
              content: { 'text/calendar': { schema: { type: 'string' } } },
            },
            ...problemResponses(404, 410, 429),
          },
        },
      },
      async (request, reply) => {
        const body = await service.feed(app.db, request.params.token, context);
        return reply
          .type('text/calendar; charset=utf-8')
          .header('cache-control', 'private, no-cache')
          .header('content-disposition', 'inline; filename="leertraject.ics"')
          .send(body);
      },
    );
  };
}
