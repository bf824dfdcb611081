import { and, asc, eq, gt, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { organisations } from '../schema/organisations';
import { participants } from '../schema/participants';
import { type XapiDocumentKind, xapiDocuments } from '../schema/xapi';
import type { Scope } from './scope';

export type XapiDocumentRow = typeof xapiDocuments.$inferSelect;

/** Where a document lives: its resource and the keys that resource names it by. */
export interface XapiDocumentKey {
  kind: XapiDocumentKind;
  activityId?: string | undefined;
  agentKey?: string | undefined;
  registration?: string | undefined;
}

/**
 * Who may read and write documents: those about the participants in the caller's scope, those
 * about no participant that it stored itself (all of those for a caller that sees everything), and
 * activity profiles, which are about an activity and nobody in particular.
 */
export interface DocumentAccess {
  scope: Scope;
  storedBy: string;
}

function documentInScope(access: DocumentAccess): SQL | undefined {
  const { scope } = access;
  if (scope.kind === 'all') return undefined;
  const shared = eq(xapiDocuments.kind, 'activity-profile');
  const own = and(isNull(xapiDocuments.participantId), eq(xapiDocuments.storedBy, access.storedBy));
  if (scope.kind === 'none') return or(shared, own);
  if (scope.kind === 'self') return or(shared, own, eq(xapiDocuments.participantId, scope.participantId));
  return or(
    shared,
    own,
    sql`${xapiDocuments.participantId} in (select p.id from ${participants} p join ${organisations} o on o.id = p.organisation_id where o.path like ${`${scope.path}%`})`,
  );
}

function keyConditions(key: XapiDocumentKey): SQL | undefined {
  return and(
    eq(xapiDocuments.kind, key.kind),
    key.activityId === undefined ? isNull(xapiDocuments.activityId) : eq(xapiDocuments.activityId, key.activityId),
    key.agentKey === undefined ? isNull(xapiDocuments.agentKey) : eq(xapiDocuments.agentKey, key.agentKey),
    key.registration === undefined
      ? isNull(xapiDocuments.registration)
      : eq(xapiDocuments.registration, key.registration),
  );
}

/** One document, locked for a write when asked. Documents outside the caller's access are not there. */
export async function findXapiDocument(
  db: Database,
  access: DocumentAccess,
  key: XapiDocumentKey,
  documentId: string,
  lock = false,
): Promise<XapiDocumentRow | undefined> {
  const query = db
    .select()
    .from(xapiDocuments)
    .where(and(keyConditions(key), eq(xapiDocuments.documentId, documentId), documentInScope(access)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** Whether a document by these keys exists at all, the caller's access aside: a write must not take its place. */
export async function xapiDocumentExists(db: Database, key: XapiDocumentKey, documentId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: xapiDocuments.id })
    .from(xapiDocuments)
    .where(and(keyConditions(key), eq(xapiDocuments.documentId, documentId)));
  return row !== undefined;
}

/** The ids of the documents under these keys the caller may read, changed after `since` if given. */
export async function listXapiDocumentIds(
  db: Database,
  access: DocumentAccess,
  key: XapiDocumentKey,
  since?: Date,
): Promise<string[]> {
  const rows = await db
    .select({ documentId: xapiDocuments.documentId })
    .from(xapiDocuments)
    .where(and(keyConditions(key), documentInScope(access), since ? gt(xapiDocuments.updatedAt, since) : undefined))
    .orderBy(asc(xapiDocuments.documentId));
  return rows.map((row) => row.documentId);
}

export interface XapiDocumentValues {
  participantId: string | null;
  storedBy: string;
  contentType: string;
  content: Buffer;
  etag: string;
}

/**
 * Writes a document, new or replacing the one under its keys. Two first writes at once: the
 * second waits for the first and then replaces it, as if it came after.
 */
export async function saveXapiDocument(
  db: Database,
  key: XapiDocumentKey,
  documentId: string,
  values: XapiDocumentValues,
): Promise<XapiDocumentRow> {
  const [row] = await db
    .insert(xapiDocuments)
    .values({
      kind: key.kind,
      activityId: key.activityId ?? null,
      agentKey: key.agentKey ?? null,
      registration: key.registration ?? null,
      documentId,
      ...values,
    })
    .onConflictDoUpdate({
      target: [
        xapiDocuments.kind,
        xapiDocuments.activityId,
        xapiDocuments.agentKey,
        xapiDocuments.registration,
        xapiDocuments.documentId,
      ],
      set: {
        contentType: values.contentType,
        content: values.content,
        etag: values.etag,
        storedBy: values.storedBy,
        updatedAt: sql`clock_timestamp()`,
      },
    })
    .returning();
  if (!row) throw new Error('document upsert returned nothing');
  return row;
}

/** Deletes one document, or (without an id) every document under the keys the caller may reach. */
export async function deleteXapiDocuments(
  db: Database,
  access: DocumentAccess,
  key: XapiDocumentKey,
  documentId?: string,
): Promise<number> {
  const deleted = await db
    .delete(xapiDocuments)
    .where(
      and(
        keyConditions(key),
        documentId === undefined ? undefined : eq(xapiDocuments.documentId, documentId),
        documentInScope(access),
      ),
    )
    .returning({ id: xapiDocuments.id });
  return deleted.length;
}
