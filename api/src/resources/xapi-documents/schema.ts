import Type, { type Static } from 'typebox';
import { checkedByHandler } from '../../plugins/validation';

/** The document resources of xAPI 1.0.3 (state, activity profile, agent profile) and the activities and agents resources. */

const iri = (description: string) =>
  Type.String({
    pattern: '^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+$',
    maxLength: 2048,
    description,
    examples: ['https://loket.kb.example/xapi/lfb/modules/boekstart'],
  });
const AgentParameter = Type.String({
  maxLength: 4000,
  description: 'The agent as JSON, with one identifier',
  examples: ['{"mbox":"mailto:anouk.jansen@hilversum.example"}'],
});
const DocumentId = (name: string) => Type.String({ minLength: 1, maxLength: 1000, description: `The ${name}` });
const Since = Type.String({ format: 'date-time', description: 'Only ids of documents changed after this moment' });

export const StateQuery = Type.Object(
  {
    activityId: iri('The activity the state is about'),
    agent: AgentParameter,
    registration: Type.Optional(Type.String({ format: 'uuid' })),
    stateId: Type.Optional(DocumentId('state id; without it, GET lists the ids and DELETE removes them all')),
    since: Type.Optional(Since),
  },
  { additionalProperties: false },
);

export const ActivityProfileQuery = Type.Object(
  {
    activityId: iri('The activity'),
    profileId: Type.Optional(DocumentId('profile id; without it, GET lists the ids')),
    since: Type.Optional(Since),
  },
  { additionalProperties: false },
);

export const AgentProfileQuery = Type.Object(
  {
    agent: AgentParameter,
    profileId: Type.Optional(DocumentId('profile id; without it, GET lists the ids')),
    since: Type.Optional(Since),
  },
  { additionalProperties: false },
);

export const ActivityQuery = Type.Object({ activityId: iri('The activity') }, { additionalProperties: false });
export const AgentQuery = Type.Object({ agent: AgentParameter }, { additionalProperties: false });

export const DocumentBody = Type.Unknown({
  description:
    'The document, in any content type. POST merges a JSON object into a stored JSON object (top-level ' +
    'properties); PUT replaces.',
  examples: [{ bookmark: 'pagina-4', answers: { vraag1: 'b' } }],
  [checkedByHandler]: true,
});

export const DocumentAnswer = Type.Unknown({
  description: 'The document as stored, with its content type and an `ETag`; without an id: a JSON array of ids',
});

export const ConcurrencyHeaders = Type.Object({
  'x-experience-api-version': Type.String({ description: 'The xAPI version: 1.0.x', examples: ['1.0.3'] }),
  'if-match': Type.Optional(Type.String({ description: 'The ETag the change is based on; 412 when it differs' })),
  'if-none-match': Type.Optional(Type.String({ description: '`*`: only when no document exists yet (else 412)' })),
});

export const XapiActivity = Type.Object(
  {
    objectType: Type.Literal('Activity'),
    id: Type.String(),
    definition: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { title: 'XapiActivity', additionalProperties: false, description: 'The newest definition statements gave' },
);

export const XapiPerson = Type.Object(
  {
    objectType: Type.Literal('Person'),
    name: Type.Optional(Type.Array(Type.String())),
    mbox: Type.Optional(Type.Array(Type.String())),
    mbox_sha1sum: Type.Optional(Type.Array(Type.String())),
    openid: Type.Optional(Type.Array(Type.String())),
    account: Type.Optional(
      Type.Array(Type.Object({ homePage: Type.String(), name: Type.String() }, { additionalProperties: false })),
    ),
  },
  { title: 'XapiPerson', additionalProperties: false, description: 'What Loket knows identifies the agent' },
);

export type StateQuery = Static<typeof StateQuery>;
export type ActivityProfileQuery = Static<typeof ActivityProfileQuery>;
export type AgentProfileQuery = Static<typeof AgentProfileQuery>;
export type XapiActivity = Static<typeof XapiActivity>;
export type XapiPerson = Static<typeof XapiPerson>;
