import { and, count, eq, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { organisations } from '../schema/organisations';
import { apiClients, type Role, refreshTokens, users } from '../schema/users';
import { likePattern, type Page, type PageParams, planPage } from './pagination';
import { pathInScope, type Scope } from './scope';
import { atVersion, nextVersion } from './versioned';

export type UserRow = typeof users.$inferSelect;
export type UserValues = Omit<typeof users.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'version' | 'lastLoginAt'>;
/** A user with the path of the organisation their scope hangs from. */
export type UserWithPath = UserRow & { organisationPath: string | null };
export type ApiClientRow = typeof apiClients.$inferSelect;
export type ApiClientWithPath = ApiClientRow & { organisationPath: string | null };
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

const userWithPath = { user: users, organisationPath: organisations.path };

export async function findUserByEmail(db: Database, email: string): Promise<UserWithPath | undefined> {
  const [row] = await db
    .select(userWithPath)
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(sql`lower(${users.email}) = lower(${email})`);
  return row ? { ...row.user, organisationPath: row.organisationPath } : undefined;
}

export async function findUserById(db: Database, id: string): Promise<UserWithPath | undefined> {
  const [row] = await db
    .select(userWithPath)
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, id));
  return row ? { ...row.user, organisationPath: row.organisationPath } : undefined;
}

/** An account, if it belongs to the given part of the country. */
export async function findUser(db: Database, scope: Scope, id: string): Promise<UserWithPath | undefined> {
  const [row] = await db
    .select(userWithPath)
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(users.id, id), pathInScope(scope, organisations.path)));
  return row ? { ...row.user, organisationPath: row.organisationPath } : undefined;
}

export interface UserFilter {
  role?: Role | undefined;
  organisationId?: string | undefined;
  q?: string | undefined;
}

export const userSortable = { email: users.email, displayName: users.displayName, createdAt: users.createdAt };

export async function listUsers(
  db: Database,
  params: { scope: Scope; filter: UserFilter; page: PageParams },
): Promise<Page<UserRow>> {
  const pattern = params.filter.q ? likePattern(params.filter.q) : undefined;
  const where: SQL | undefined = and(
    pathInScope(params.scope, organisations.path),
    params.filter.role ? eq(users.role, params.filter.role) : undefined,
    params.filter.organisationId ? eq(users.organisationId, params.filter.organisationId) : undefined,
    pattern ? or(ilike(users.email, pattern), ilike(users.displayName, pattern)) : undefined,
  );
  const plan = planPage(params.page, userSortable, users.id);
  const rows = await db
    .select({ user: users })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  const [total] = await db
    .select({ n: count() })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(where);
  return { ...plan.finish(rows.map((r) => r.user)), total: total?.n ?? 0 };
}

export async function insertUser(db: Database, values: UserValues): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  if (!row) throw new Error('user insert returned nothing');
  return row;
}

export async function updateUser(
  db: Database,
  current: UserRow,
  changes: Partial<UserValues>,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...changes, updatedAt: new Date(), version: nextVersion(users) })
    .where(atVersion(users, current))
    .returning();
  return row;
}

export async function recordLoginSuccess(db: Database, userId: string): Promise<void> {
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, userId));
}

export async function insertRefreshToken(
  db: Database,
  values: { userId: string; familyId: string; tokenHash: string; expiresAt: Date },
): Promise<RefreshTokenRow> {
  const [row] = await db.insert(refreshTokens).values(values).returning();
  if (!row) throw new Error('refresh token insert returned nothing');
  return row;
}

/** Finds a refresh token and locks it, so two concurrent refreshes cannot both spend it. */
export async function findRefreshTokenForUpdate(db: Database, tokenHash: string): Promise<RefreshTokenRow | undefined> {
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).for('update');
  return row;
}

export async function markRefreshTokenUsed(db: Database, id: string): Promise<void> {
  await db.update(refreshTokens).set({ usedAt: new Date() }).where(eq(refreshTokens.id, id));
}

export async function revokeRefreshTokenFamily(db: Database, familyId: string): Promise<number> {
  const revoked = await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  return revoked.length;
}

export async function revokeUserRefreshTokens(db: Database, userId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

export async function findApiClientByClientId(db: Database, clientId: string): Promise<ApiClientWithPath | undefined> {
  const [row] = await db
    .select({ client: apiClients, organisationPath: organisations.path })
    .from(apiClients)
    .leftJoin(organisations, eq(organisations.id, apiClients.organisationId))
    .where(eq(apiClients.clientId, clientId));
  return row ? { ...row.client, organisationPath: row.organisationPath } : undefined;
}

export async function findApiClient(db: Database, id: string): Promise<ApiClientRow | undefined> {
  const [row] = await db.select().from(apiClients).where(eq(apiClients.id, id));
  return row;
}

export const apiClientSortable = { name: apiClients.name, createdAt: apiClients.createdAt };

export async function listApiClients(db: Database, page: PageParams): Promise<Page<ApiClientRow>> {
  const plan = planPage(page, apiClientSortable, apiClients.id);
  const rows = await db
    .select()
    .from(apiClients)
    .where(plan.after)
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  const [total] = await db.select({ n: count() }).from(apiClients);
  return { ...plan.finish(rows), total: total?.n ?? 0 };
}

export async function insertApiClient(
  db: Database,
  values: Omit<typeof apiClients.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'version'>,
): Promise<ApiClientRow> {
  const [row] = await db.insert(apiClients).values(values).returning();
  if (!row) throw new Error('api client insert returned nothing');
  return row;
}

export async function revokeApiClient(db: Database, current: ApiClientRow): Promise<ApiClientRow | undefined> {
  const [row] = await db
    .update(apiClients)
    .set({ revokedAt: new Date(), updatedAt: new Date(), version: nextVersion(apiClients) })
    .where(atVersion(apiClients, current))
    .returning();
  return row;
}

/**
 * Whether a person's sign-in session still stands: the account exists and is not disabled, and the
 * session (the refresh-token family the access token was issued from) was not revoked.
 */
export async function isUserSessionLive(db: Database, userId: string, sessionId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.id, userId),
        isNull(users.disabledAt),
        sql`exists (select 1 from ${refreshTokens} where ${refreshTokens.familyId} = ${sessionId} and ${refreshTokens.userId} = ${users.id} and ${refreshTokens.revokedAt} is null)`,
      ),
    );
  return row !== undefined;
}

/** Whether an API client exists and was not revoked. */
export async function isApiClientLive(db: Database, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: apiClients.id })
    .from(apiClients)
    .where(and(eq(apiClients.id, id), isNull(apiClients.revokedAt)));
  return row !== undefined;
}
