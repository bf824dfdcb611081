import Type, { type Static } from 'typebox';
import { eventEnvelopes, eventTypes } from '../../lib/events';

export const EventFeedQuery = Type.Object(
  {
    after: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          'The `page.nextCursor` of your previous read (opaque). Leave it out to start at the oldest event kept.',
      }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'Events per page (1-500)' }),
  },
  { additionalProperties: false },
);
export type EventFeedQuery = Static<typeof EventFeedQuery>;

/** A feed entry is exactly what a webhook receives, so one handler serves both. */
export const FeedEvent = Type.Union(
  eventTypes.map((type) => eventEnvelopes[type]),
  { title: 'Event', description: 'An event, as a webhook delivery carries it' },
);

export const EventFeedPage = Type.Object(
  {
    data: Type.Array(FeedEvent),
    page: Type.Object(
      {
        limit: Type.Integer(),
        nextCursor: Type.String({
          description:
            'Pass as ?after= on your next read, also when this page is empty: it is where you are. Keep it ' +
            'only after you have processed this page.',
        }),
        more: Type.Boolean({ description: 'Whether more events can be read right away' }),
      },
      { title: 'EventFeedPageInfo', additionalProperties: false },
    ),
  },
  { title: 'EventFeedPage', additionalProperties: false },
);
export type EventFeedPage = Static<typeof EventFeedPage>;
