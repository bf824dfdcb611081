import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, oneOf } from './columns';
import { enrolments } from './enrolments';
import { participants } from './participants';
import { modules } from './programmes';

export const cmi5LaunchModes = ['Normal', 'Browse', 'Review'] as const;
export type Cmi5LaunchMode = (typeof cmi5LaunchModes)[number];
export const cmi5SessionStatuses = ['launched', 'terminated', 'abandoned'] as const;
export type Cmi5SessionStatus = (typeof cmi5SessionStatuses)[number];

/**
 * One launch of a module's assignable unit (a cmi5 session). Its registration is the enrolment.
 * The fetch URL can be used once; the auth token it hands out works until the session ends.
 * Only hashes of both secrets are kept.
 */
export const cmi5Sessions = pgTable(
  'cmi5_sessions',
  {
    id: id(),
    enrolmentId: uuid()
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    moduleId: uuid()
      .notNull()
      .references(() => modules.id, { onDelete: 'restrict' }),
    participantId: uuid()
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    launchMode: text().$type<Cmi5LaunchMode>().notNull(),
    status: text().$type<Cmi5SessionStatus>().notNull().default('launched'),
    fetchKeyHash: text().notNull().unique(),
    fetchedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    authTokenHash: text(),
    /** Who launched it: `user:<id>` or `client:<id>`. */
    launchedBy: text().notNull(),
    endedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [
    index('cmi5_sessions_enrolment_idx').on(t.enrolmentId, t.moduleId),
    index('cmi5_sessions_participant_idx').on(t.participantId),
    oneOf('cmi5_sessions_launch_mode_check', t.launchMode, cmi5LaunchModes),
    oneOf('cmi5_sessions_status_check', t.status, cmi5SessionStatuses),
    check('cmi5_sessions_ended_check', sql`(${t.status} = 'launched') = (${t.endedAt} is null)`),
  ],
);
