import { boolean, index, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamps } from './columns';
import { organisations } from './organisations';
import { users } from './users';

const moment = () => timestamp({ withTimezone: true, mode: 'date', precision: 3 });

/**
 * An OpenID Connect provider an organisation's staff sign in with (their Microsoft 365 or Google
 * Workspace tenant, or another provider), set up by KB staff.
 */
export const identityProviders = pgTable(
  'identity_providers',
  {
    id: id(),
    /** Whose people sign in through it: only accounts within this organisation's subtree. */
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    name: text().notNull(),
    issuerUrl: text().notNull(),
    clientId: text().notNull(),
    /** The client secret, encrypted (JWE); never answered. */
    clientSecret: text().notNull(),
    /** Someone with a verified address of an allowed domain but no account becomes a participant of the library. */
    provisionParticipants: boolean().notNull().default(false),
    /** Whether people of its domains may still sign in with a Loket password. */
    passwordSignIn: boolean().notNull().default(false),
    enabled: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [uniqueIndex('identity_providers_organisation_unique').on(t.organisationId)],
);

/** The e-mail domains a provider serves; a domain belongs to one provider at most. */
export const identityProviderDomains = pgTable(
  'identity_provider_domains',
  {
    domain: text().primaryKey(),
    providerId: uuid()
      .notNull()
      .references(() => identityProviders.id, { onDelete: 'cascade' }),
  },
  (t) => [index('identity_provider_domains_provider_idx').on(t.providerId)],
);

/** Which person at a provider (its `sub`) signed in as which Loket account: one each way. */
export const identityLinks = pgTable(
  'identity_links',
  {
    providerId: uuid()
      .notNull()
      .references(() => identityProviders.id, { onDelete: 'cascade' }),
    subject: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastSignInAt: moment().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.providerId, t.subject] }),
    unique('identity_links_provider_user_unique').on(t.providerId, t.userId),
    index('identity_links_user_idx').on(t.userId),
  ],
);

/**
 * One browser sign-in through a provider, from the redirect to the provider until the front end
 * has exchanged its one-time code: the state, nonce and PKCE verifier Loket sent, and the
 * challenge of the front end's own verifier. Each step works once.
 */
export const oidcSignIns = pgTable(
  'oidc_sign_ins',
  {
    id: id(),
    providerId: uuid()
      .notNull()
      .references(() => identityProviders.id, { onDelete: 'cascade' }),
    stateHash: text().notNull().unique(),
    nonce: text().notNull(),
    codeVerifier: text().notNull(),
    /** S256 challenge of the verifier the front end keeps; it must show the verifier to get tokens. */
    clientChallenge: text().notNull(),
    expiresAt: moment().notNull(),
    /** The provider sent the person back (the state is spent). */
    returnedAt: moment(),
    userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text().unique(),
    codeExpiresAt: moment(),
    exchangedAt: moment(),
    createdAt: createdAt(),
  },
  (t) => [index('oidc_sign_ins_created_idx').on(t.createdAt)],
);
