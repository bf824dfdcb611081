import { type AuditEventRow, type Database, listAuditEvents } from '@loket/db';
import type { Caller } from '../../lib/caller';
import { listAnswer, pageParams } from '../../lib/http';
import type { AuditEvent, AuditEventQuery } from './schema';

function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    before: row.before ?? null,
    after: row.after ?? null,
    requestId: row.requestId,
  };
}

export async function list(db: Database, caller: Caller, query: AuditEventQuery) {
  const page = await listAuditEvents(db, {
    scope: caller.scope,
    filter: {
      actorId: query.actorId,
      resourceType: query.resourceType,
      resourceId: query.resourceId,
      action: query.action,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    },
    page: pageParams(query),
  });
  return listAnswer(page, query.limit, page.rows.map(toAuditEvent));
}
