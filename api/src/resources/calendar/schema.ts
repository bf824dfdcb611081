import Type, { type Static } from 'typebox';
import { Nullable, Timestamp, Uuid } from '../../lib/schemas';

const fields = {
  id: Uuid,
  createdAt: Timestamp,
  lastUsedAt: Nullable({ ...Timestamp, description: 'When a calendar last read the feed' }),
};

export const CalendarFeed = Type.Object(fields, {
  title: 'CalendarFeed',
  additionalProperties: false,
  description: 'One\u2019s private calendar feed. Its URL is shown only when it is made: Loket keeps a hash of it.',
});

export const CalendarFeedWithUrl = Type.Object(
  {
    ...fields,
    url: Type.String({
      format: 'uri',
      description:
        'Subscribe to it in a calendar (Outlook: "Agenda toevoegen \u2013 Van internet"; Google: "Via URL"). ' +
        'Anyone with the URL sees the meetings: keep it private, and make a new one if it got out',
      examples: ['https://loket.kb.example/v1/calendar/q3VxQ0l8lS4pFZq2b1m0Y7uXcW9n5tRkA6eHjDgoBsI.ics'],
    }),
  },
  { title: 'CalendarFeedWithUrl', additionalProperties: false },
);

export const FeedParams = Type.Object(
  { token: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: 'The secret part of the feed URL' }) },
  { additionalProperties: false },
);

export type CalendarFeed = Static<typeof CalendarFeed>;
export type CalendarFeedWithUrl = Static<typeof CalendarFeedWithUrl>;
