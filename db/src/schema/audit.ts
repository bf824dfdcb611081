import { index, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { id, oneOf } from './columns';

export const actorTypes = ['user', 'client', 'system', 'anonymous'] as const;
export type ActorType = (typeof actorTypes)[number];

/** Every action the audit log records: what a writer may name, and what a reader may filter on. */
export const auditActions = [
  'organisation.created',
  'organisation.updated',
  'organisation.deleted',
  'participant.created',
  'participant.updated',
  'participant.deleted',
  'participant.exported',
  'participant.erased',
  'cohort.created',
  'cohort.updated',
  'cohort.status_changed',
  'cohort.deleted',
  'enrolment.created',
  'enrolment.status_changed',
  'enrolment.completed',
  'enrolment.withdrawn',
  'enrolment.reinstated',
  'progress.updated',
  'progress.recorded_by_hand',
  'progress.reset',
  'session.created',
  'session.updated',
  'session.rescheduled',
  'session.cancelled',
  'attendance.recorded',
  'certificate.issued',
  'certificate.revoked',
  'certificates.batch_queued',
  'evaluation.created',
  'evaluation.updated',
  'programme_version.drafted',
  'programme_version.published',
  'programme_version.retired',
  'user.created',
  'user.updated',
  'user.disabled',
  'api_client.created',
  'api_client.revoked',
  'auth.signed_in',
  'auth.signed_out',
  'calendar_feed.created',
  'calendar_feed.rotated',
  'calendar_feed.revoked',
  'identity_provider.created',
  'identity_provider.updated',
  'identity_provider.deleted',
  'webhook_subscription.created',
  'webhook_subscription.updated',
  'webhook_subscription.secret_rotated',
  'webhook_subscription.deleted',
  'webhook_delivery.redelivered',
  'xapi_agent.linked',
  'cmi5.launched',
  'cmi5.waived',
  'cmi5.abandoned',
  'module.linked',
  'module.unlinked',
  'cmi5.course-imported',
  'cmi5.course-deleted',
] as const;
export type AuditAction = (typeof auditActions)[number];

/** The kinds of record an audit entry is about, for reading the log by kind. */
export const auditResourceTypes = [
  'organisation',
  'participant',
  'user',
  'api_client',
  'cohort',
  'enrolment',
  'session',
  'certificate',
  'evaluation',
  'programme_version',
  'job',
  'identity_provider',
  'webhook_subscription',
  'webhook_delivery',
  'cmi5_course',
  'cmi5_registration',
  'module',
] as const;
export type AuditResourceType = (typeof auditResourceTypes)[number];

export const auditEvents = pgTable(
  'audit_events',
  {
    id: id(),
    occurredAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    actorType: text().$type<ActorType>().notNull(),
    actorId: text(),
    action: text().$type<AuditAction>().notNull(),
    resourceType: text().$type<AuditResourceType>().notNull(),
    resourceId: text().notNull(),
    /** Root of the organisation subtree the change belongs to, for scoped reading. */
    organisationPath: text(),
    before: jsonb(),
    after: jsonb(),
    requestId: text(),
  },
  (t) => [
    index('audit_events_resource_idx').on(t.resourceType, t.resourceId, t.occurredAt),
    index('audit_events_actor_idx').on(t.actorId, t.occurredAt),
    index('audit_events_occurred_idx').on(t.occurredAt, t.id),
    index('audit_events_path_idx').on(t.organisationPath.op('text_pattern_ops')),
    oneOf('audit_events_actor_type_check', t.actorType, actorTypes),
    oneOf('audit_events_action_check', t.action, auditActions),
    oneOf('audit_events_resource_type_check', t.resourceType, auditResourceTypes),
  ],
);

/** Stored first results of POSTs sent with an Idempotency-Key, replayed on retry. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: id(),
    principal: text().notNull(),
    key: text().notNull(),
    method: text().notNull(),
    path: text().notNull(),
    requestHash: text().notNull(),
    /** Filled in the same transaction as the write; claimed first so a concurrent retry waits. */
    statusCode: integer(),
    responseBody: jsonb(),
    createdAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    unique('idempotency_keys_unique').on(t.principal, t.key),
    index('idempotency_keys_created_idx').on(t.createdAt),
  ],
);
