import Type, { type Static } from 'typebox';
import { xapiVersion } from './rules';

/** The parts of an xAPI 1.0.3 statement Loket accepts: an agent did something to a module. */

const iri = (description: string) =>
  Type.String({ pattern: '^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+$', maxLength: 2048, description });
const StatementId = Type.String({ format: 'uuid', examples: ['f1d2c3b4-a596-4788-99aa-bbccddeeff00'] });
const LanguageMap = Type.Record(Type.String(), Type.String(), {
  description: 'Text per RFC 5646 language tag',
  examples: [{ 'nl-NL': 'voltooid' }],
});
const Extensions = Type.Record(Type.String(), Type.Unknown(), { description: 'Extension values keyed by IRI' });
const Open = (description: string) => Type.Object({}, { additionalProperties: true, description });

export const XapiAgent = Type.Object(
  {
    objectType: Type.Optional(Type.Literal('Agent')),
    name: Type.Optional(Type.String()),
    mbox: Type.Optional(Type.String({ pattern: '^mailto:', examples: ['mailto:anouk.jansen@hilversum.example'] })),
    mbox_sha1sum: Type.Optional(Type.String()),
    openid: Type.Optional(Type.String()),
    account: Type.Optional(
      Type.Object(
        {
          homePage: iri('This installation\u2019s public URL'),
          name: Type.String({ minLength: 1, description: 'The participant id when homePage is this installation' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    title: 'XapiAgent',
    additionalProperties: false,
    description:
      'The learner: an `account` whose `homePage` is this installation\u2019s public URL and whose `name` is the ' +
      'participant id, or the participant\u2019s email address as `mbox`.',
  },
);

const Verb = Type.Object(
  { id: iri('The verb IRI'), display: Type.Optional(LanguageMap) },
  { additionalProperties: false, examples: [{ id: 'http://adlnet.gov/expapi/verbs/completed' }] },
);

const Activity = Type.Object(
  {
    objectType: Type.Optional(Type.Literal('Activity')),
    id: iri('The activity IRI of a module (see GET /v1/modules)'),
    definition: Type.Optional(Open('The activity definition: name, description, type, extensions')),
  },
  { additionalProperties: false },
);

const Score = Type.Object(
  {
    scaled: Type.Optional(Type.Number({ minimum: -1, maximum: 1, description: 'Becomes the module score (0..1)' })),
    raw: Type.Optional(Type.Number()),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);

const Result = Type.Object(
  {
    score: Type.Optional(Score),
    success: Type.Optional(Type.Boolean()),
    completion: Type.Optional(Type.Boolean()),
    response: Type.Optional(Type.String()),
    duration: Type.Optional(Type.String({ description: 'ISO 8601 duration' })),
    extensions: Type.Optional(Extensions),
  },
  { additionalProperties: false },
);

const Context = Type.Object(
  {
    registration: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'An enrolment id picks that enrolment when several follow the module',
      }),
    ),
    instructor: Type.Optional(Type.Unknown()),
    team: Type.Optional(Type.Unknown()),
    contextActivities: Type.Optional(Open('parent, grouping, category and other activities')),
    revision: Type.Optional(Type.String()),
    platform: Type.Optional(Type.String()),
    language: Type.Optional(Type.String()),
    statement: Type.Optional(Type.Unknown()),
    extensions: Type.Optional(Extensions),
  },
  { additionalProperties: false },
);

export const XapiStatement = Type.Object(
  {
    id: Type.Optional(StatementId),
    actor: XapiAgent,
    verb: Verb,
    object: Activity,
    result: Type.Optional(Result),
    context: Type.Optional(Context),
    timestamp: Type.Optional(Type.String({ format: 'date-time', description: 'When it happened; default: stored' })),
    stored: Type.Optional(Type.String({ format: 'date-time', description: 'Set by Loket' })),
    authority: Type.Optional(Type.Unknown({ description: 'Ignored when sent' })),
    version: Type.Optional(Type.String({ pattern: '^1\\.0(\\.\\d+)?$' })),
  },
  {
    title: 'XapiStatement',
    additionalProperties: false,
    description: 'An xAPI 1.0.3 statement about a module',
    examples: [
      {
        actor: {
          objectType: 'Agent',
          account: { homePage: 'http://localhost:3000', name: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d' },
        },
        verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'nl-NL': 'voltooid' } },
        object: { objectType: 'Activity', id: 'https://loket.kb.example/xapi/lfb/modules/boekstart' },
        result: { score: { scaled: 0.85 }, completion: true },
      },
    ],
  },
);

export const XapiStatementBatch = Type.Union([XapiStatement, Type.Array(XapiStatement, { minItems: 1 })], {
  description: 'One statement, or an array of them stored all or nothing',
});

export const XapiStatementIds = Type.Array(StatementId, { description: 'The statement ids, in the order sent' });

export const XapiStatementResult = Type.Object(
  {
    statements: Type.Array(XapiStatement),
    more: Type.String({ description: 'Relative URL of the next page; empty on the last page' }),
  },
  { title: 'XapiStatementResult', additionalProperties: false },
);

export const XapiAbout = Type.Object(
  { version: Type.Array(Type.String(), { examples: [[xapiVersion]] }) },
  { title: 'XapiAbout', additionalProperties: false },
);

export const XapiVersionHeaders = Type.Object({
  'x-experience-api-version': Type.String({
    description: 'The xAPI version the client speaks: 1.0.x',
    examples: [xapiVersion],
  }),
});

export const XapiPutQuery = Type.Object({ statementId: StatementId }, { additionalProperties: false });

export const XapiStatementQuery = Type.Object(
  {
    statementId: Type.Optional(Type.String({ format: 'uuid', description: 'One statement; no filters with it' })),
    agent: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: 'JSON agent with an `account` or `mbox`: that participant\u2019s statements',
        examples: ['{"mbox":"mailto:anouk.jansen@hilversum.example"}'],
      }),
    ),
    verb: Type.Optional(iri('Verb IRI')),
    activity: Type.Optional(iri('Activity IRI of a module')),
    registration: Type.Optional(Type.String({ format: 'uuid' })),
    since: Type.Optional(
      Type.String({
        format: 'date-time',
        description:
          'Stored after this moment. For an incremental pull, pass the X-Experience-API-Consistent-Through of your previous read.',
      }),
    ),
    until: Type.Optional(Type.String({ format: 'date-time', description: 'Stored at or before this moment' })),
    limit: Type.Integer({
      minimum: 0,
      maximum: 500,
      default: 100,
      description: 'Page size; 0 means the maximum (500)',
    }),
    ascending: Type.Boolean({ default: false, description: 'Oldest stored first' }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'From a `more` URL' })),
  },
  { additionalProperties: false },
);

export type XapiStatement = Static<typeof XapiStatement>;
export type XapiStatementQuery = Static<typeof XapiStatementQuery>;
export type XapiStatementResult = Static<typeof XapiStatementResult>;
