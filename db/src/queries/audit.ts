import { and, count, eq, getTableColumns, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { type ActorType, type AuditAction, type AuditResourceType, auditEvents } from '../schema/audit';
import { newId } from '../schema/columns';
import { apiClients, users } from '../schema/users';
import { namedStatement } from './named';
import { type Page, type PageParams, planPage } from './pagination';
import { pathInScope, type Scope } from './scope';

export type AuditEventRow = typeof auditEvents.$inferSelect & {
  /** The person's display name or the API client's name, while that account exists. */
  actorName: string | null;
};

export interface AuditEventInput {
  actorType: ActorType;
  actorId: string | null;
  action: AuditAction;
  resourceType: AuditResourceType;
  resourceId: string;
  organisationPath: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

const insertAuditRows = namedStatement(
  'insert_audit_events',
  sql`insert into ${auditEvents} (id, actor_type, actor_id, action, resource_type, resource_id, organisation_path,
        before, after, request_id)
      select * from jsonb_to_recordset(${sql.placeholder('rows')}::jsonb) as v(id uuid, actor_type text, actor_id text,
        action text, resource_type text, resource_id text, organisation_path text, before jsonb, after jsonb, request_id text)`,
);

export async function insertAuditEvent(db: Database, event: AuditEventInput): Promise<void> {
  await insertAuditEvents(db, [event]);
}

/** Several audit events in one statement: the changes of a batch, as one JSON value. */
export async function insertAuditEvents(db: Database, events: AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await insertAuditRows(db, {
    rows: JSON.stringify(
      events.map((event) => ({
        id: newId(),
        actor_type: event.actorType,
        actor_id: event.actorId,
        action: event.action,
        resource_type: event.resourceType,
        resource_id: event.resourceId,
        organisation_path: event.organisationPath,
        before: event.before ?? null,
        after: event.after ?? null,
        request_id: event.requestId,
      })),
    ),
  });
}

export interface AuditEventFilter {
  actorId?: string | undefined;
  resourceType?: AuditResourceType | undefined;
  resourceId?: string | undefined;
  action?: AuditAction | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export const auditEventSortable = { occurredAt: auditEvents.occurredAt };

/** Audit events in scope; events without an organisation (national changes) only for national callers. */
export async function listAuditEvents(
  db: Database,
  params: { scope: Scope; filter: AuditEventFilter; page: PageParams },
): Promise<Page<AuditEventRow>> {
  const f = params.filter;
  const where: SQL | undefined = and(
    pathInScope(params.scope, auditEvents.organisationPath),
    f.actorId ? eq(auditEvents.actorId, f.actorId) : undefined,
    f.resourceType ? eq(auditEvents.resourceType, f.resourceType) : undefined,
    f.resourceId ? eq(auditEvents.resourceId, f.resourceId) : undefined,
    f.action ? eq(auditEvents.action, f.action) : undefined,
    f.from ? gte(auditEvents.occurredAt, f.from) : undefined,
    f.to ? lt(auditEvents.occurredAt, f.to) : undefined,
  );
  const plan = planPage(params.page, auditEventSortable, auditEvents.id);
  const rows = await db
    .select({
      ...getTableColumns(auditEvents),
      actorName: sql<string | null>`coalesce(${users.displayName}, ${apiClients.name})`,
    })
    .from(auditEvents)
    .leftJoin(users, and(eq(auditEvents.actorType, 'user'), eq(sql`${users.id}::text`, auditEvents.actorId)))
    .leftJoin(
      apiClients,
      and(eq(auditEvents.actorType, 'client'), eq(sql`${apiClients.id}::text`, auditEvents.actorId)),
    )
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  const [total] = await db.select({ n: count() }).from(auditEvents).where(where);
  return { ...plan.finish(rows), total: total?.n ?? 0 };
}
