import { attendanceStatuses, sessionStates, sessionTypes } from '@loket/db';
import Type, { type Static } from 'typebox';
import { listQuery, Nullable, syncListOf, Timestamp, UpdatedSince, Uuid, Version } from '../../lib/schemas';

const place = {
  locationOrganisationId: Nullable({ ...Uuid, description: 'The library or branch where the meeting is' }),
  onlineUrl: Nullable(
    Type.String({ format: 'uri', pattern: '^https://', maxLength: 500, description: 'For an online meeting' }),
  ),
  capacity: Nullable(Type.Integer({ minimum: 1, maximum: 1000 })),
};

export const Session = Type.Object(
  {
    id: Uuid,
    cohortId: Uuid,
    type: Type.Enum(sessionTypes, { description: 'kickoff or team_meeting' }),
    sequence: Type.Integer({ minimum: 1 }),
    title: Type.String(),
    status: Type.Enum(sessionStates, {
      description:
        'scheduled, held once it has taken place (attendance recorded or its end passed), or cancelled; held is ' +
        'computed when read',
    }),
    countsForCertificate: Type.Boolean({
      description:
        'Whether every enrolment must attend it for the certificate: true for the meetings of the programme\u2019s ' +
        'meeting plan, false for an extra meeting unless the adviser marks it as counting',
    }),
    startsAt: Timestamp,
    endsAt: Timestamp,
    ...place,
    agenda: Type.Array(Type.String()),
    facilitatorUserIds: Type.Array(Uuid),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  { title: 'Session', additionalProperties: false },
);

export const SessionCreate = Type.Object(
  {
    cohortId: Uuid,
    type: Type.Enum(sessionTypes),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    startsAt: Timestamp,
    endsAt: Timestamp,
    locationOrganisationId: Type.Optional(place.locationOrganisationId),
    onlineUrl: Type.Optional(place.onlineUrl),
    capacity: Type.Optional(place.capacity),
    agenda: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 30 })),
    facilitatorUserIds: Type.Optional(Type.Array(Uuid, { maxItems: 20, uniqueItems: true })),
    countsForCertificate: Type.Optional(
      Type.Boolean({
        description:
          'An extra meeting is optional (false when left out); true makes attending it a condition of the certificate for every enrolment',
      }),
    ),
  },
  {
    title: 'SessionCreate',
    additionalProperties: false,
    examples: [
      {
        cohortId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c50',
        type: 'team_meeting',
        title: 'Extra teambijeenkomst',
        startsAt: '2018-12-10T13:00:00.000Z',
        endsAt: '2018-12-10T15:00:00.000Z',
        locationOrganisationId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d',
        capacity: 20,
        agenda: ['Terugblik op de modules', 'Ervaringen aan de balie'],
      },
    ],
  },
);

export const SessionPatch = Type.Partial(Type.Omit(SessionCreate, ['cohortId', 'type']), {
  title: 'SessionPatch',
  additionalProperties: false,
  description: 'Reschedule or change a meeting (JSON merge patch).',
  examples: [{ startsAt: '2018-12-11T13:00:00.000Z', endsAt: '2018-12-11T15:00:00.000Z' }],
});

export const AttendanceRecord = Type.Object(
  {
    enrolmentId: Uuid,
    status: Type.Enum(attendanceStatuses),
    excuseWaived: Type.Optional(
      Type.Boolean({ description: 'Only with excused: the coordinator lets this absence count for the certificate' }),
    ),
  },
  { title: 'AttendanceRecord', additionalProperties: false },
);

export const AttendanceList = Type.Object(
  { records: Type.Array(AttendanceRecord, { maxItems: 2000 }) },
  {
    title: 'AttendanceList',
    additionalProperties: false,
    examples: [
      {
        records: [
          { enrolmentId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c51', status: 'present' },
          { enrolmentId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c55', status: 'excused', excuseWaived: true },
        ],
      },
    ],
  },
);

export const AttendanceView = Type.Object(
  {
    sessionId: Uuid,
    records: Type.Array(
      Type.Object(
        {
          enrolmentId: Uuid,
          participantName: Type.String(),
          status: Nullable(Type.Enum(attendanceStatuses)),
          excuseWaived: Type.Boolean(),
          recordedAt: Nullable(Timestamp),
        },
        { additionalProperties: false },
      ),
      { description: 'Every enrolment of the cohort; status null when not recorded' },
    ),
  },
  { title: 'AttendanceView', additionalProperties: false },
);

export const SessionQuery = listQuery(
  ['startsAt', 'createdAt', 'updatedAt'],
  {
    cohortId: Type.Optional(Uuid),
    status: Type.Optional(Type.Enum(sessionStates)),
    type: Type.Optional(Type.Enum(sessionTypes)),
    upcoming: Type.Optional(
      Type.Boolean({ description: 'true: meetings that have not ended yet; false: those that have ended' }),
    ),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Starting at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Starting before' })),
    updatedSince: UpdatedSince,
  },
  'startsAt',
);
export const SessionList = syncListOf(Session, 'SessionList');

export type Session = Static<typeof Session>;
export type SessionCreate = Static<typeof SessionCreate>;
export type SessionPatch = Static<typeof SessionPatch>;
export type SessionQuery = Static<typeof SessionQuery>;
export type AttendanceList = Static<typeof AttendanceList>;
