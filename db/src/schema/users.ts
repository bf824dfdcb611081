import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, everyOneOf, id, oneOf, timestamps } from './columns';
import { organisations } from './organisations';
import { participants } from './participants';

export const roles = ['admin', 'adviser', 'coordinator', 'facilitator', 'participant'] as const;
export type Role = (typeof roles)[number];

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text().notNull(),
    displayName: text().notNull(),
    role: text().$type<Role>().notNull(),
    /** The organisation whose subtree the user may see; null only for participants. */
    organisationId: uuid().references(() => organisations.id, { onDelete: 'restrict' }),
    participantId: uuid().references(() => participants.id, { onDelete: 'cascade' }),
    passwordHash: text(),
    lastLoginAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    disabledAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
    index('users_organisation_idx').on(t.organisationId),
    oneOf('users_role_check', t.role, roles),
    check(
      'users_binding_check',
      sql`(${t.role} = 'participant' and ${t.participantId} is not null) or (${t.role} <> 'participant' and ${t.organisationId} is not null)`,
    ),
  ],
);

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** All tokens descended from one login; reuse of a spent token revokes the family. */
    familyId: uuid().notNull(),
    tokenHash: text().notNull().unique(),
    expiresAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull(),
    usedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    revokedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [index('refresh_tokens_family_idx').on(t.familyId), index('refresh_tokens_user_idx').on(t.userId)],
);

/** What an API client can be given; what each allows is the API's policy (api/src/lib/permissions.ts). */
export const apiClientScopes = [
  'read:catalogue',
  'read:participants',
  'write:participants',
  'write:progress',
  'read:certificates',
  'read:reports',
  'read:audit',
  'read:events',
  'manage:webhooks',
  'manage:courses',
] as const;
export type ApiClientScope = (typeof apiClientScopes)[number];

export const apiClients = pgTable(
  'api_clients',
  {
    id: id(),
    clientId: text().notNull().unique(),
    name: text().notNull(),
    secretHash: text().notNull(),
    scopes: text().array().$type<ApiClientScope[]>().notNull(),
    /** Optional subtree the client is bound to; null means national. */
    organisationId: uuid().references(() => organisations.id, { onDelete: 'restrict' }),
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    ...timestamps(),
  },
  (t) => [
    index('api_clients_organisation_idx').on(t.organisationId),
    everyOneOf('api_clients_scopes_check', t.scopes, apiClientScopes),
  ],
);
