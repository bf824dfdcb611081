import Type, { type Static } from 'typebox';
import { xapiVersion } from './rules';

/**
 * The statement resource's shapes. xAPI 1.0.3 defines statements in full; these schemas document
 * them for OpenAPI, and the service checks each statement against the specification itself (with
 * errors that name the statement's place), so bodies are described here, not validated.
 */

const iri = (description: string) =>
  Type.String({ pattern: '^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+$', maxLength: 2048, description });
const StatementId = Type.String({ format: 'uuid', examples: ['f1d2c3b4-a596-4788-99aa-bbccddeeff00'] });
const Open = (description: string) => Type.Object({}, { additionalProperties: true, description });

export const XapiAgent = Type.Object(
  {
    objectType: Type.Optional(Type.Union([Type.Literal('Agent'), Type.Literal('Group')])),
    name: Type.Optional(Type.String()),
    mbox: Type.Optional(Type.String({ examples: ['mailto:anouk.jansen@hilversum.example'] })),
    mbox_sha1sum: Type.Optional(Type.String()),
    openid: Type.Optional(Type.String()),
    account: Type.Optional(
      Type.Object({ homePage: Type.String(), name: Type.String() }, { additionalProperties: false }),
    ),
    member: Type.Optional(Type.Array(Open('A member of the group: an agent'))),
  },
  {
    title: 'XapiAgent',
    additionalProperties: false,
    description:
      'An agent or group with one identifier (`mbox`, `mbox_sha1sum`, `openid` or `account`). A participant is ' +
      'an `account` whose `homePage` is this installation\u2019s public URL and whose `name` is the participant ' +
      'id, their email address as `mbox`, or its `mbox_sha1sum`.',
  },
);

const statementExample = {
  actor: {
    objectType: 'Agent',
    account: { homePage: 'http://localhost:3000', name: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d' },
  },
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'nl-NL': 'voltooid' } },
  object: { objectType: 'Activity', id: 'https://loket.kb.example/xapi/lfb/modules/boekstart' },
  result: { score: { scaled: 0.85 }, completion: true },
};

export const XapiStatement = Type.Object(
  {
    id: Type.Optional(StatementId),
    actor: XapiAgent,
    verb: Type.Object({ id: iri('The verb IRI'), display: Type.Optional(Open('Text per language')) }),
    object: Open('An activity, agent, group, statement reference or sub-statement'),
    result: Type.Optional(Open('Score, success, completion, response, duration, extensions')),
    context: Type.Optional(Open('Registration, instructor, team, context activities, ...')),
    timestamp: Type.Optional(Type.String({ format: 'date-time', description: 'When it happened; default: stored' })),
    stored: Type.Optional(Type.String({ format: 'date-time', description: 'Set by Loket' })),
    authority: Type.Optional(Open('Set by Loket from the credentials')),
    version: Type.Optional(Type.String({ pattern: '^1\\.0(\\.\\d+)?$' })),
    attachments: Type.Optional(Type.Array(Open('usageType, display, contentType, length, sha2, fileUrl'))),
  },
  {
    title: 'XapiStatement',
    additionalProperties: true,
    description: 'An xAPI 1.0.3 statement',
    examples: [statementExample],
  },
);

export const XapiStatementBatch = Type.Union([XapiStatement, Type.Array(XapiStatement, { minItems: 1 })], {
  description:
    'One statement or an array of them, as `application/json`, or as `multipart/mixed` with the statements ' +
    'first and then each attachment\u2019s content (with `X-Experience-API-Hash` and ' +
    '`Content-Transfer-Encoding: binary`)',
  examples: [[statementExample]],
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
  {
    version: Type.Array(Type.String(), { examples: [[xapiVersion]] }),
    extensions: Type.Optional(Open('Extensions')),
  },
  { title: 'XapiAbout', additionalProperties: false },
);

export const XapiVersionHeaders = Type.Object({
  'x-experience-api-version': Type.String({
    description: 'The xAPI version the client speaks: 1.0.x',
    examples: [xapiVersion],
  }),
});

export const XapiPutQuery = Type.Object({ statementId: StatementId }, { additionalProperties: false });

const flag = (description: string) => Type.Boolean({ default: false, description });

export const XapiStatementQuery = Type.Object(
  {
    statementId: Type.Optional(
      Type.String({ format: 'uuid', description: 'One statement; only `format` and `attachments` go with it' }),
    ),
    voidedStatementId: Type.Optional(
      Type.String({ format: 'uuid', description: 'One voided statement; only `format` and `attachments` go with it' }),
    ),
    agent: Type.Optional(
      Type.String({
        maxLength: 4000,
        description: 'JSON agent or identified group: statements it is actor or object of',
        examples: ['{"mbox":"mailto:anouk.jansen@hilversum.example"}'],
      }),
    ),
    verb: Type.Optional(iri('Verb IRI')),
    activity: Type.Optional(iri('Activity IRI: statements about it')),
    registration: Type.Optional(Type.String({ format: 'uuid' })),
    related_activities: flag('Match `activity` anywhere in the statement (context, sub-statement)'),
    related_agents: flag('Match `agent` anywhere in the statement (authority, instructor, team, sub-statement)'),
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
    format: Type.Union([Type.Literal('exact'), Type.Literal('ids'), Type.Literal('canonical')], {
      default: 'exact',
      description:
        '`exact` as stored; `ids` only what identifies agents, activities and verbs; `canonical` each text in the ' +
        'best language of `Accept-Language`',
    }),
    attachments: flag('Answer `multipart/mixed` with the attachments\u2019 contents after the statements'),
    ascending: flag('Oldest stored first'),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'From a `more` URL' })),
  },
  { additionalProperties: false },
);

export type XapiStatement = Static<typeof XapiStatement>;
export type XapiStatementQuery = Static<typeof XapiStatementQuery>;
export type XapiStatementResult = Static<typeof XapiStatementResult>;
