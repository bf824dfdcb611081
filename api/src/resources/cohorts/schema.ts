import { cohortPhases, cohortStatuses } from '@loket/db';
import Type, { type Static } from 'typebox';
import { listQuery, Nullable, syncListOf, Timestamp, UpdatedSince, Uuid, Version } from '../../lib/schemas';

export const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD', examples: ['2018-11-05'] });
const ModuleCode = Type.String({ pattern: '^[a-z0-9-]{1,64}$', examples: ['boekstart'] });
export const CohortStatus = Type.Enum(cohortStatuses, {
  description: 'planned → running → evaluating → closed, one step at a time',
});

export const Cohort = Type.Object(
  {
    id: Uuid,
    organisationId: { ...Uuid, description: 'The library that runs the cohort' },
    programmeVersionId: {
      ...Uuid,
      description: 'Kept for the cohort\u2019s whole life, also when a new version is published',
    },
    name: Type.String(),
    phase: Type.Enum(cohortPhases),
    status: CohortStatus,
    nextStatuses: Type.Array(CohortStatus, {
      description: 'The statuses this cohort may move to now (empty once closed)',
    }),
    accepts: Type.Object(
      {
        enrolments: Type.Boolean({ description: 'New enrolments, by hand or by CSV import' }),
        moduleChanges: Type.Boolean({ description: 'A change to the modules it follows' }),
        meetings: Type.Boolean({ description: 'New or changed meetings' }),
        progress: Type.Boolean({ description: 'Module progress of its participants' }),
        attendance: Type.Boolean({ description: 'Attendance taken at its meetings' }),
      },
      { additionalProperties: false, description: 'What the cohort still accepts in its current status' },
    ),
    startsOn: DateOnly,
    endsOn: DateOnly,
    modules: Type.Array(
      Type.Object(
        { id: Uuid, code: ModuleCode, title: Type.String(), position: Type.Integer() },
        { additionalProperties: false },
      ),
      { description: 'The modules this cohort follows, in programme order' },
    ),
    adviserUserId: Nullable({ ...Uuid, description: 'The POI adviser' }),
    facilitatorUserIds: Type.Array(Uuid, { description: 'The local specialists who lead the meetings' }),
    facilitators: Type.Array(Type.Object({ id: Uuid, displayName: Type.String() }, { additionalProperties: false }), {
      description: 'The same people by name, for whoever may read the cohort but not the accounts',
    }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  { title: 'Cohort', additionalProperties: false },
);

export const CohortCreate = Type.Object(
  {
    organisationId: { ...Uuid, description: 'A library' },
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    phase: Type.Enum(cohortPhases),
    startsOn: DateOnly,
    endsOn: DateOnly,
    moduleCodes: Type.Optional(
      Type.Array(ModuleCode, { minItems: 1, maxItems: 20, uniqueItems: true, description: 'Default: all modules' }),
    ),
    programmeVersionId: Type.Optional({ ...Uuid, description: 'Default: the newest published version' }),
    adviserUserId: Type.Optional(Nullable(Uuid)),
    facilitatorUserIds: Type.Optional(Type.Array(Uuid, { maxItems: 20, uniqueItems: true })),
  },
  {
    title: 'CohortCreate',
    additionalProperties: false,
    examples: [
      {
        organisationId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d',
        name: 'Hilversum najaar 2018',
        phase: 'pilot',
        startsOn: '2018-11-05',
        endsOn: '2019-03-29',
        facilitatorUserIds: ['019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c52'],
      },
    ],
  },
);

export const CohortPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    startsOn: Type.Optional(DateOnly),
    endsOn: Type.Optional(DateOnly),
    moduleCodes: Type.Optional(Type.Array(ModuleCode, { minItems: 1, maxItems: 20, uniqueItems: true })),
    adviserUserId: Type.Optional(Nullable(Uuid)),
    facilitatorUserIds: Type.Optional(Type.Array(Uuid, { maxItems: 20, uniqueItems: true })),
    status: Type.Optional(CohortStatus),
  },
  {
    title: 'CohortPatch',
    additionalProperties: false,
    description: 'Modules can change only while the cohort is planned. The status moves one step forward at a time.',
    examples: [{ status: 'running' }],
  },
);

export const CohortQuery = listQuery(
  ['name', 'startsOn', 'status', 'createdAt', 'updatedAt'],
  {
    organisationId: Type.Optional({ ...Uuid, description: 'A library, or a POI for all its libraries' }),
    status: Type.Optional(CohortStatus),
    phase: Type.Optional(Type.Enum(cohortPhases)),
    programmeVersionId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    updatedSince: UpdatedSince,
  },
  '-startsOn',
);
export const CohortList = syncListOf(Cohort, 'CohortList');

export type Cohort = Static<typeof Cohort>;
export type CohortCreate = Static<typeof CohortCreate>;
export type CohortPatch = Static<typeof CohortPatch>;
export type CohortQuery = Static<typeof CohortQuery>;
