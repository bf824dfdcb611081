import { actorTypes, auditActions, auditResourceTypes } from '@loket/db';
import Type, { type Static } from 'typebox';
import { listOf, listQuery, Nullable, Timestamp, Uuid } from '../../lib/schemas';

export const AuditEvent = Type.Object(
  {
    id: Uuid,
    occurredAt: Timestamp,
    actorType: Type.Enum(actorTypes),
    actorId: Nullable(Type.String()),
    actorName: Nullable(
      Type.String({ description: 'The person\u2019s or API client\u2019s name, while that account exists' }),
    ),
    action: Type.Enum(auditActions, { examples: ['participant.updated'] }),
    resourceType: Type.Enum(auditResourceTypes, { examples: ['participant'] }),
    resourceId: Type.String(),
    before: Type.Unknown({ description: 'The record before the change (null for a creation)' }),
    after: Type.Unknown({ description: 'The record after the change (null for a deletion)' }),
    requestId: Nullable(Type.String()),
  },
  { title: 'AuditEvent', additionalProperties: false },
);

export const AuditEventQuery = listQuery(
  ['occurredAt'],
  {
    actorId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    resourceType: Type.Optional(Type.Enum(auditResourceTypes)),
    resourceId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    action: Type.Optional(Type.Enum(auditActions)),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'From this moment (inclusive)' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Until this moment (exclusive)' })),
  },
  '-occurredAt',
);
export const AuditEventList = listOf(AuditEvent, 'AuditEventList');

export type AuditEvent = Static<typeof AuditEvent>;
export type AuditEventQuery = Static<typeof AuditEventQuery>;
