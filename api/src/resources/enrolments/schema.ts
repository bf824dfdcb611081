import { attendanceStatuses, enrolmentStatuses, progressStatuses, sessionTypes } from '@loket/db';
import Type, { type Static } from 'typebox';
import { listQuery, Nullable, syncListOf, Timestamp, UpdatedSince, Uuid, Version } from '../../lib/schemas';

export const EnrolmentStatus = Type.Enum(enrolmentStatuses);

const summaryFields = {
  id: Uuid,
  cohortId: Uuid,
  cohortName: Type.String(),
  participantId: Uuid,
  participant: Type.Object(
    {
      givenName: Type.String(),
      nameInfix: Nullable(Type.String()),
      familyName: Type.String(),
      email: Type.String(),
      organisationId: Uuid,
    },
    { additionalProperties: false },
  ),
  status: EnrolmentStatus,
  invitedAt: Timestamp,
  activatedAt: Nullable(Timestamp),
  completedAt: Nullable(Timestamp),
  withdrawnAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Version,
};

export const Enrolment = Type.Object(summaryFields, { title: 'Enrolment', additionalProperties: false });

export const ModuleProgress = Type.Object(
  {
    moduleId: Uuid,
    code: Type.String(),
    title: Type.String(),
    position: Type.Integer(),
    status: Type.Enum(progressStatuses),
    startedAt: Nullable(Timestamp),
    completedAt: Nullable(Timestamp),
    score: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'Scaled score from the player' })),
    estimatedMinutes: Type.Integer({ minimum: 1, description: 'About how long the module takes' }),
    launchUrl: Nullable(
      Type.String({
        format: 'uri',
        description: 'Where the participant starts the module\u2019s e-learning; null while it is not online',
      }),
    ),
    recordedByHand: Nullable(
      Type.Object(
        {
          byName: Nullable(Type.String({ description: 'Null once the account that recorded it is gone' })),
          at: Timestamp,
          reason: Type.String(),
        },
        {
          additionalProperties: false,
          description: 'Set when a coordinator or adviser recorded this progress by hand, e.g. completed elsewhere',
        },
      ),
    ),
  },
  { title: 'ModuleProgress', additionalProperties: false },
);

export const MeetingAttendance = Type.Object(
  {
    sessionId: Uuid,
    type: Type.Enum(sessionTypes),
    title: Type.String(),
    startsAt: Timestamp,
    endsAt: Timestamp,
    location: Nullable(Type.String({ description: 'The library or branch where the meeting is held' })),
    onlineUrl: Nullable(Type.String({ format: 'uri', description: 'For an online meeting' })),
    cancelled: Type.Boolean(),
    countsForCertificate: Type.Boolean({ description: 'false for an optional extra meeting' }),
    status: Nullable(Type.Enum(attendanceStatuses, { description: 'null until attendance was taken' })),
    excuseWaived: Type.Boolean(),
  },
  { title: 'MeetingAttendance', additionalProperties: false },
);

export const MissingItem = Type.Object(
  {
    kind: Type.Enum(['module', 'session']),
    id: Uuid,
    code: Nullable(Type.String({ description: 'The module code' })),
    title: Type.String(),
    reason: Type.Enum(['not_started', 'in_progress', 'not_recorded', 'absent', 'excused_not_waived']),
  },
  { title: 'MissingItem', additionalProperties: false },
);

export const Completion = Type.Object(
  {
    eligible: Type.Boolean({ description: 'Whether the completion rule holds, so a certificate can be issued' }),
    missing: Type.Array(MissingItem, { description: 'What is still missing for the certificate' }),
  },
  { title: 'Completion', additionalProperties: false },
);

export const EnrolmentDetail = Type.Object(
  {
    ...summaryFields,
    progress: Type.Array(ModuleProgress),
    attendance: Type.Array(MeetingAttendance),
    completion: Completion,
  },
  { title: 'EnrolmentDetail', additionalProperties: false },
);

export const EnrolmentCreate = Type.Object(
  { cohortId: Uuid, participantId: Uuid },
  {
    title: 'EnrolmentCreate',
    additionalProperties: false,
    examples: [
      { cohortId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c50', participantId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4e' },
    ],
  },
);

export const BulkEnrolment = Type.Object(
  { participantIds: Type.Array(Uuid, { minItems: 1, maxItems: 1000, uniqueItems: true }) },
  {
    title: 'BulkEnrolment',
    additionalProperties: false,
    examples: [{ participantIds: ['019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4e', '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4f'] }],
  },
);

export const EnrolmentPatch = Type.Object(
  { status: Type.Enum(['active', 'withdrawn'], { description: 'Withdraw someone, or take them back' }) },
  { title: 'EnrolmentPatch', additionalProperties: false, examples: [{ status: 'withdrawn' }] },
);

export const ProgressUpdate = Type.Object(
  {
    status: Type.Enum(['in_progress', 'completed']),
    score: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1 }))),
  },
  { title: 'ProgressUpdate', additionalProperties: false, examples: [{ status: 'completed', score: 0.85 }] },
);

export const ProgressReset = Type.Object(
  { reason: Type.String({ minLength: 5, maxLength: 500, description: 'Why the completed module is reopened' }) },
  {
    title: 'ProgressReset',
    additionalProperties: false,
    examples: [{ reason: 'Marked completed by mistake: the participant has not finished the module' }],
  },
);

export const ProgressByHand = Type.Object(
  {
    status: Type.Enum(['in_progress', 'completed']),
    reason: Type.String({
      minLength: 5,
      maxLength: 500,
      description: 'Why it is recorded by hand, e.g. "Module afgerond bij de vorige werkgever"; shown on the enrolment',
    }),
  },
  {
    title: 'ProgressByHand',
    additionalProperties: false,
    examples: [{ status: 'completed', reason: 'Module afgerond bij de vorige werkgever, Bibliotheek Eindhoven, 2025' }],
  },
);

export const ProgressParams = Type.Object(
  { id: Uuid, moduleCode: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }) },
  { additionalProperties: false },
);

export const EnrolmentQuery = listQuery(
  ['familyName', 'status', 'createdAt', 'updatedAt'],
  {
    cohortId: Type.Optional(Uuid),
    participantId: Type.Optional(Uuid),
    status: Type.Optional(EnrolmentStatus),
    updatedSince: UpdatedSince,
  },
  'familyName',
);
export const EnrolmentList = syncListOf(Enrolment, 'EnrolmentList');
export const EnrolmentDetailList = Type.Object(
  { data: Type.Array(EnrolmentDetail) },
  { title: 'EnrolmentDetailList', additionalProperties: false },
);

export const ImportRow = Type.Object(
  {
    line: Type.Integer({ description: 'Line number in the file (the header is line 1)' }),
    email: Nullable(Type.String()),
    action: Nullable(Type.Enum(['create_and_enrol', 'enrol_existing', 'already_enrolled'])),
    organisation: Nullable(
      Type.Object(
        { id: Uuid, name: Type.String() },
        {
          additionalProperties: false,
          description:
            'Where a new participant lands: the library, or the branch its "vestiging" names exactly (case and spacing ' +
            'aside); null when the row has problems',
        },
      ),
    ),
    problems: Type.Array(
      Type.Object(
        {
          column: Type.String(),
          message: Type.String(),
          choices: Type.Optional(
            Type.Array(Type.String(), {
              description: 'For an unknown or ambiguous branch: the library and branch names to choose from',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { title: 'ImportRow', additionalProperties: false },
);

export const ImportReport = Type.Object(
  {
    dryRun: Type.Boolean(),
    committed: Type.Boolean(),
    summary: Type.Object(
      {
        rows: Type.Integer(),
        invalid: Type.Integer(),
        createAndEnrol: Type.Integer(),
        enrolExisting: Type.Integer(),
        alreadyEnrolled: Type.Integer(),
      },
      { additionalProperties: false },
    ),
    rows: Type.Array(ImportRow),
  },
  { title: 'ImportReport', additionalProperties: false },
);

export const ImportQuery = Type.Object(
  { dryRun: Type.Boolean({ default: true, description: 'Check only (default); false commits, all or nothing' }) },
  { additionalProperties: false },
);

export type Enrolment = Static<typeof Enrolment>;
export type EnrolmentDetail = Static<typeof EnrolmentDetail>;
export type EnrolmentQuery = Static<typeof EnrolmentQuery>;
export type ImportReport = Static<typeof ImportReport>;
export type ImportRow = Static<typeof ImportRow>;
