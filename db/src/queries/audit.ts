import type { Database } from '../connect';
import { type ActorType, auditEvents } from '../schema/audit';

export interface AuditEventInput {
  actorType: ActorType;
  actorId: string | null;
  action: string;
  resourceType: string;
  resourceId: string;
  organisationPath: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

export async function insertAuditEvent(db: Database, event: AuditEventInput): Promise<void> {
  await db.insert(auditEvents).values({
    ...event,
    before: event.before ?? null,
    after: event.after ?? null,
  });
}
