import { notificationKinds, notificationStatuses } from '@loket/db';
import Type, { type Static } from 'typebox';
import { listOf, listQuery, Nullable, Timestamp, Uuid } from '../../lib/schemas';

export const Notification = Type.Object(
  {
    id: Uuid,
    kind: Type.Enum(notificationKinds, {
      description:
        'invitation (on enrolment), meeting_invitation, meeting_update, meeting_cancellation and ' +
        'meeting_withdrawal (after leaving the cohort), each with the meeting as an iCalendar event, meeting_reminder (two days before, also with the event), certificate_issued',
    }),
    participantId: Nullable(Uuid),
    organisationId: Nullable({ ...Uuid, description: "The recipient's library or branch" }),
    recipient: Type.String({ description: 'E-mail address' }),
    subject: Type.String(),
    body: Type.String({
      description: 'The plain text; the e-mail also carries the same text as HTML in the programme\u2019s look',
    }),
    calendar: Nullable(
      Type.String({
        description:
          'A meeting message\u2019s iCalendar (RFC 5545): METHOD:REQUEST for an invitation, update or reminder, ' +
          'METHOD:CANCEL for a cancellation; one UID per meeting, a higher SEQUENCE for each change',
      }),
    ),
    status: Type.Enum(notificationStatuses, {
      description:
        'pending: to be sent; sent: accepted by the mail server; kept: stored only, no mail server is configured; ' +
        'failed: the mail server refused it on every attempt',
    }),
    attempts: Type.Integer({ minimum: 0 }),
    lastError: Nullable(Type.String()),
    sentAt: Nullable(Timestamp),
    createdAt: Timestamp,
  },
  { title: 'Notification', additionalProperties: false },
);

export const NotificationQuery = listQuery(
  ['createdAt'],
  {
    kind: Type.Optional(Type.Enum(notificationKinds)),
    status: Type.Optional(Type.Enum(notificationStatuses)),
    participantId: Type.Optional(Uuid),
  },
  '-createdAt',
);
export const NotificationList = listOf(Notification, 'NotificationList');

export type Notification = Static<typeof Notification>;
export type NotificationQuery = Static<typeof NotificationQuery>;
