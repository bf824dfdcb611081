import Type, { type Static } from 'typebox';
import { listOf, listQuery, Nullable, Timestamp, Uuid } from '../../lib/schemas';

const summaryFields = {
  id: Uuid,
  programmeVersionId: Uuid,
  code: Type.String({ examples: ['boekstart'] }),
  title: Type.String({ examples: ['BoekStart'] }),
  theme: Type.Object(
    { code: Type.String({ examples: ['laaggeletterdheid'] }), title: Type.String() },
    { additionalProperties: false },
  ),
  position: Type.Integer({ minimum: 1, description: 'Order within the programme (1-6)' }),
  summary: Type.String(),
  estimatedMinutes: Type.Integer({ minimum: 1 }),
  learningGoals: Type.Array(Type.String()),
  activityIri: Type.String({
    format: 'uri',
    description: 'The xAPI activity id an e-learning player reports progress on',
    examples: ['https://loket.kb.example/xapi/lfb/modules/boekstart'],
  }),
  launchUrl: Nullable(
    Type.String({
      format: 'uri',
      description: 'Where a participant starts the module\u2019s e-learning; null while it is not online',
    }),
  ),
  assignableUnitId: Nullable(
    Type.String({
      format: 'uuid',
      description: 'The imported course\u2019s unit that is this module\u2019s e-learning, when one is linked',
    }),
  ),
  createdAt: Timestamp,
};

export const ModuleSummary = Type.Object(summaryFields, { title: 'ModuleSummary', additionalProperties: false });

export const Module = Type.Object(
  {
    ...summaryFields,
    bodyMarkdown: Type.String({ description: 'The module text as written in content/' }),
    bodyHtml: Type.String({ description: 'The same text rendered to HTML' }),
  },
  { title: 'Module', additionalProperties: false },
);

export const ModuleQuery = listQuery(
  ['position', 'title', 'code'],
  {
    programmeVersionId: Type.Optional({
      ...Uuid,
      description: 'A programme version; by default the newest published version of each programme',
    }),
    theme: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,64}$', description: 'A theme code' })),
  },
  'position',
);

export const ModuleList = listOf(ModuleSummary, 'ModuleList');

export type Module = Static<typeof Module>;
export type ModuleSummary = Static<typeof ModuleSummary>;
export type ModuleQuery = Static<typeof ModuleQuery>;

export const ModuleUnitLink = Type.Object(
  {
    courseId: Type.String({ format: 'uuid', description: 'An imported cmi5 course' }),
    position: Type.Integer({
      minimum: 0,
      maximum: 100_000,
      description: 'Its unit\u2019s place in the course structure',
    }),
  },
  {
    title: 'ModuleUnitLink',
    additionalProperties: false,
    examples: [{ courseId: '0190a1b2-0000-7000-8000-000000000001', position: 0 }],
  },
);
