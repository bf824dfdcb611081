import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';
import { users } from './users';

const moment = () => timestamp({ withTimezone: true, mode: 'date', precision: 3 });

/**
 * A person's private calendar feed: the URL holds a random token, kept here only as a hash.
 * Revoked feeds stay, so their URL answers 410 rather than 404.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull().unique(),
    createdAt: createdAt(),
    lastUsedAt: moment(),
    revokedAt: moment(),
  },
  (t) => [
    uniqueIndex('calendar_feeds_active_unique').on(t.userId).where(sql`${t.revokedAt} is null`),
    index('calendar_feeds_user_idx').on(t.userId),
  ],
);
