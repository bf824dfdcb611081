import { type Database, listNotifications, type NotificationRow } from '@loket/db';
import type { Caller } from '../../lib/caller';
import { listAnswer, pageParams } from '../../lib/http';
import type { Notification, NotificationQuery } from './schema';

function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    participantId: row.participantId,
    organisationId: row.organisationId,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    calendar: row.calendar,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function list(db: Database, caller: Caller, query: NotificationQuery) {
  const page = await listNotifications(db, {
    scope: caller.scope,
    filter: { kind: query.kind, status: query.status, participantId: query.participantId },
    page: pageParams(query),
  });
  return listAnswer(page, query.limit, page.rows.map(toNotification));
}
