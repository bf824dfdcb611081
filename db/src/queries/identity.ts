import { and, count, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { identityLinks, identityProviderDomains, identityProviders, oidcSignIns } from '../schema/identity';
import { organisations } from '../schema/organisations';
import { type Page, type PageParams, planPage } from './pagination';
import { atVersion, nextVersion } from './versioned';

export type IdentityProviderRow = typeof identityProviders.$inferSelect;
export type IdentityProviderValues = Omit<
  typeof identityProviders.$inferInsert,
  'id' | 'createdAt' | 'updatedAt' | 'version'
>;
/** A provider with its domains and the path of its organisation (whose subtree signs in through it). */
export type IdentityProviderWithDomains = IdentityProviderRow & {
  domains: string[];
  organisationPath: string;
  organisationKind: string;
};
export type OidcSignInRow = typeof oidcSignIns.$inferSelect;
export type IdentityLinkRow = typeof identityLinks.$inferSelect;

type ProviderWithPath = IdentityProviderRow & { organisationPath: string; organisationKind: string };

const flat = (r: { provider: IdentityProviderRow; organisationPath: string; organisationKind: string }) => ({
  ...r.provider,
  organisationPath: r.organisationPath,
  organisationKind: r.organisationKind,
});

async function withDomains(db: Database, rows: ProviderWithPath[]): Promise<IdentityProviderWithDomains[]> {
  const ids = rows.map((r) => r.id);
  const domains =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(identityProviderDomains)
          .where(inArray(identityProviderDomains.providerId, ids))
          .orderBy(identityProviderDomains.domain);
  return rows.map((r) => ({ ...r, domains: domains.filter((d) => d.providerId === r.id).map((d) => d.domain) }));
}

const providerWithPath = {
  provider: identityProviders,
  organisationPath: organisations.path,
  organisationKind: organisations.kind,
};

export const identityProviderSortable = { name: identityProviders.name, createdAt: identityProviders.createdAt };

export async function listIdentityProviders(
  db: Database,
  params: { organisationId?: string | undefined; page: PageParams },
): Promise<Page<IdentityProviderWithDomains>> {
  const where = params.organisationId ? eq(identityProviders.organisationId, params.organisationId) : undefined;
  const plan = planPage(params.page, identityProviderSortable, identityProviders.id);
  const rows = await db
    .select(providerWithPath)
    .from(identityProviders)
    .innerJoin(organisations, eq(organisations.id, identityProviders.organisationId))
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  const [total] = await db.select({ n: count() }).from(identityProviders).where(where);
  const page = plan.finish(rows.map(flat));
  return { rows: await withDomains(db, page.rows), nextCursor: page.nextCursor, total: total?.n ?? 0 };
}

export async function findIdentityProvider(
  db: Database,
  id: string,
  lock = false,
): Promise<IdentityProviderWithDomains | undefined> {
  const query = db
    .select(providerWithPath)
    .from(identityProviders)
    .innerJoin(organisations, eq(organisations.id, identityProviders.organisationId))
    .where(eq(identityProviders.id, id));
  const rows = lock ? await query.for('update', { of: identityProviders }) : await query;
  const [found] = await withDomains(db, rows.map(flat));
  return found;
}

/** The enabled provider that serves an e-mail domain, if any. */
export async function findIdentityProviderByDomain(
  db: Database,
  domain: string,
): Promise<IdentityProviderWithDomains | undefined> {
  const rows = await db
    .select(providerWithPath)
    .from(identityProviderDomains)
    .innerJoin(identityProviders, eq(identityProviders.id, identityProviderDomains.providerId))
    .innerJoin(organisations, eq(organisations.id, identityProviders.organisationId))
    .where(and(eq(identityProviderDomains.domain, domain.toLowerCase()), eq(identityProviders.enabled, true)));
  const [found] = await withDomains(db, rows.map(flat));
  return found;
}

/** Which of these domains another provider already serves. */
export async function domainsTakenByOthers(db: Database, domains: string[], providerId: string | null) {
  if (domains.length === 0) return [];
  const rows = await db
    .select({ domain: identityProviderDomains.domain })
    .from(identityProviderDomains)
    .where(
      and(
        inArray(identityProviderDomains.domain, domains),
        providerId ? sql`${identityProviderDomains.providerId} <> ${providerId}` : undefined,
      ),
    );
  return rows.map((r) => r.domain);
}

export async function insertIdentityProvider(
  db: Database,
  values: IdentityProviderValues,
): Promise<IdentityProviderRow | undefined> {
  const [row] = await db
    .insert(identityProviders)
    .values(values)
    .onConflictDoNothing({ target: identityProviders.organisationId })
    .returning();
  return row;
}

export async function updateIdentityProvider(
  db: Database,
  current: IdentityProviderRow,
  changes: Partial<IdentityProviderValues>,
): Promise<IdentityProviderRow | undefined> {
  const [row] = await db
    .update(identityProviders)
    .set({ ...changes, version: nextVersion(identityProviders) })
    .where(atVersion(identityProviders, current))
    .returning();
  return row;
}

export async function deleteIdentityProvider(db: Database, current: IdentityProviderRow): Promise<boolean> {
  const rows = await db
    .delete(identityProviders)
    .where(atVersion(identityProviders, current))
    .returning({ id: identityProviders.id });
  return rows.length > 0;
}

/**
 * Gives a provider exactly these domains. Answers the domains another provider took meanwhile
 * (none were written then): the primary key decides, so two providers never share one.
 */
export async function replaceIdentityProviderDomains(
  db: Database,
  providerId: string,
  domains: string[],
): Promise<string[]> {
  await db.delete(identityProviderDomains).where(eq(identityProviderDomains.providerId, providerId));
  if (domains.length === 0) return [];
  const inserted = await db
    .insert(identityProviderDomains)
    .values(domains.map((domain) => ({ domain, providerId })))
    .onConflictDoNothing()
    .returning({ domain: identityProviderDomains.domain });
  const written = new Set(inserted.map((r) => r.domain));
  return domains.filter((domain) => !written.has(domain));
}

export async function insertOidcSignIn(
  db: Database,
  values: Pick<
    typeof oidcSignIns.$inferInsert,
    'providerId' | 'stateHash' | 'nonce' | 'codeVerifier' | 'clientChallenge' | 'expiresAt'
  >,
): Promise<OidcSignInRow> {
  const [row] = await db.insert(oidcSignIns).values(values).returning();
  if (!row) throw new Error('sign-in insert returned nothing');
  return row;
}

/**
 * Spends a sign-in's state: answers the sign-in when the state is known, unspent and not expired,
 * and marks it spent in the same statement, so a replay (or two at once) finds nothing.
 */
export async function spendOidcState(db: Database, stateHash: string, now: Date): Promise<OidcSignInRow | undefined> {
  const [row] = await db
    .update(oidcSignIns)
    .set({ returnedAt: now })
    .where(
      and(eq(oidcSignIns.stateHash, stateHash), isNull(oidcSignIns.returnedAt), sql`${oidcSignIns.expiresAt} > ${now}`),
    )
    .returning();
  return row;
}

/** The sign-in succeeded: who signed in, and the one-time code the front end exchanges for tokens. */
export async function completeOidcSignIn(
  db: Database,
  id: string,
  values: { userId: string; codeHash: string; codeExpiresAt: Date },
): Promise<void> {
  await db.update(oidcSignIns).set(values).where(eq(oidcSignIns.id, id));
}

/** Spends a one-time code: answers its sign-in when the code is known, unspent and not expired. */
export async function spendOidcCode(db: Database, codeHash: string, now: Date): Promise<OidcSignInRow | undefined> {
  const [row] = await db
    .update(oidcSignIns)
    .set({ exchangedAt: now })
    .where(
      and(
        eq(oidcSignIns.codeHash, codeHash),
        isNull(oidcSignIns.exchangedAt),
        sql`${oidcSignIns.codeExpiresAt} > ${now}`,
      ),
    )
    .returning();
  return row;
}

/** Deletes sign-ins begun before the moment: spent or abandoned, they are of no further use. */
export async function pruneOidcSignIns(db: Database, before: Date): Promise<number> {
  const rows = await db.delete(oidcSignIns).where(lt(oidcSignIns.createdAt, before)).returning({ id: oidcSignIns.id });
  return rows.length;
}

/** Links of this provider that name the subject or the account. */
export async function findIdentityLinks(
  db: Database,
  providerId: string,
  subject: string,
  userId: string,
): Promise<IdentityLinkRow[]> {
  return db
    .select()
    .from(identityLinks)
    .where(
      and(
        eq(identityLinks.providerId, providerId),
        or(eq(identityLinks.subject, subject), eq(identityLinks.userId, userId)),
      ),
    );
}

export async function recordIdentityLink(
  db: Database,
  values: { providerId: string; subject: string; userId: string },
): Promise<void> {
  await db
    .insert(identityLinks)
    .values(values)
    .onConflictDoUpdate({
      target: [identityLinks.providerId, identityLinks.subject],
      set: { lastSignInAt: sql`now()` },
    });
}
