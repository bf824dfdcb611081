import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';
import { organisations } from './organisations';

export const participants = pgTable(
  'participants',
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    givenName: text().notNull(),
    /** Tussenvoegsel ("van", "de", "van der"), kept apart so lists sort on the family name. */
    nameInfix: text(),
    familyName: text().notNull(),
    email: text().notNull(),
    /**
     * The SHA-1 of `mailto:<email>` (lower case), as xAPI's mbox_sha1sum names a person: how a
     * statement that names them so finds them. Kept with the email by the queries that write it.
     */
    mboxSha1sum: text(),
    jobTitle: text(),
    /** Set when the person was erased (AVG): the row stays so aggregates stay right. */
    erasedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('participants_email_unique').on(sql`lower(${t.email})`),
    index('participants_organisation_idx').on(t.organisationId, t.familyName, t.id),
    index('participants_family_name_idx').on(t.familyName, t.givenName, t.id),
    index('participants_created_idx').on(t.createdAt, t.id),
    index('participants_mbox_sha1sum_idx').on(t.mboxSha1sum),
  ],
);

/**
 * How many participants work at each organisation, kept current by statement triggers in the same
 * transaction as the change (migration 0020, hand-written part). A list's total over a POI's
 * libraries sums a few hundred of these instead of counting tens of thousands of rows; the figure
 * is exact, not an estimate. Organisation moves need nothing here: the scope is joined in by path.
 */
export const participantCounts = pgTable('participant_counts', {
  organisationId: uuid()
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  participants: integer().notNull().default(0),
});
