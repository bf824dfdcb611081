import { programmeVersionStatuses } from '@loket/db';
import Type, { type Static } from 'typebox';
import { listOf, listQuery, Nullable, Timestamp, Uuid, Version } from '../../lib/schemas';

export const MeetingPlanItem = Type.Object(
  {
    type: Type.Union([Type.Literal('kickoff'), Type.Literal('team_meeting')]),
    sequence: Type.Integer({ minimum: 1, description: 'The meeting\u2019s number in content/meetings.md' }),
    title: Type.String(),
    weekOffset: Type.Integer({ minimum: 0, description: 'Weeks after the cohort starts' }),
    durationMinutes: Type.Integer({ minimum: 1 }),
    agenda: Type.Array(Type.String()),
  },
  { title: 'MeetingPlanItem', additionalProperties: false },
);

export const ProgrammeVersionSummary = Type.Object(
  {
    id: Uuid,
    number: Type.Integer({ minimum: 1 }),
    status: Type.Enum(programmeVersionStatuses),
    summary: Type.String(),
    meetingPlan: Type.Array(MeetingPlanItem, { description: 'The meetings a new cohort gets, in order' }),
    publishedAt: Nullable(Timestamp),
    createdAt: Timestamp,
  },
  { title: 'ProgrammeVersionSummary', additionalProperties: false },
);

export const Programme = Type.Object(
  {
    id: Uuid,
    code: Type.String({ examples: ['LFB'] }),
    name: Type.String({ examples: ['Leertraject Frontoffice en basisvaardigheden'] }),
    description: Type.String({ description: 'Markdown' }),
    descriptionHtml: Type.String({ description: 'The description rendered to HTML, as module texts are' }),
    currentVersionId: Nullable({ ...Uuid, description: 'The newest published version: what new cohorts start on' }),
    versions: Type.Array(ProgrammeVersionSummary, { description: 'Newest first' }),
    plannableMeetings: Type.Array(MeetingPlanItem, {
      description: 'The meetings content/meetings.md defines: those a new version may plan',
    }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  { title: 'Programme', additionalProperties: false },
);

export const ProgrammeQuery = listQuery(['name', 'code', 'createdAt'], {}, 'name');
export const ProgrammeList = listOf(Programme, 'ProgrammeList');

export type Programme = Static<typeof Programme>;
export type ProgrammeQuery = Static<typeof ProgrammeQuery>;

export const ProgrammeDraftMeeting = Type.Object(
  {
    sequence: Type.Integer({
      minimum: 1,
      description: 'Which meeting of content/meetings.md (its `sequence` there); its title and agenda stay as written',
    }),
    weekOffset: Type.Integer({ minimum: 0, maximum: 52, description: 'Weeks after the cohort starts' }),
    durationMinutes: Type.Integer({ minimum: 15, maximum: 480 }),
  },
  { additionalProperties: false },
);

export const ProgrammeDraftCreate = Type.Object(
  {
    basedOnVersionId: { ...Uuid, description: 'The version whose module texts the draft takes' },
    summary: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 1000,
        description: 'What changes, as the version history shows it. Default: the base version\u2019s summary',
      }),
    ),
    moduleCodes: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
      minItems: 1,
      maxItems: 100,
      uniqueItems: true,
      description: 'The modules of the base version the draft keeps',
    }),
    meetingPlan: Type.Array(ProgrammeDraftMeeting, {
      minItems: 1,
      maxItems: 20,
      description: 'The meetings in the order cohorts hold them',
    }),
  },
  {
    title: 'ProgrammeDraftCreate',
    additionalProperties: false,
    examples: [
      {
        basedOnVersionId: '0190a7f4-5c1e-7d3a-9b2f-4e6c8a1d2b3c',
        summary: 'Versie 3: zonder Digitaalhuis en Bibliotheek op school, met een slotbijeenkomst',
        moduleCodes: ['landelijke-context', 'nieuwe-klanten', 'boekstart'],
        meetingPlan: [
          { sequence: 1, weekOffset: 0, durationMinutes: 120 },
          { sequence: 2, weekOffset: 4, durationMinutes: 120 },
          { sequence: 4, weekOffset: 10, durationMinutes: 90 },
        ],
      },
    ],
  },
);

export const ProgrammeDraft = Type.Object(
  {
    ...ProgrammeVersionSummary.properties,
    programmeId: Uuid,
    moduleCodes: Type.Array(Type.String(), { description: 'In programme order' }),
  },
  { title: 'ProgrammeDraft', additionalProperties: false },
);

export type ProgrammeDraftCreate = Static<typeof ProgrammeDraftCreate>;
export type ProgrammeDraft = Static<typeof ProgrammeDraft>;
