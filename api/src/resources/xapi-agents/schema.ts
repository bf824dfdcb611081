import Type, { type Static } from 'typebox';
import { listOf, Timestamp, Uuid } from '../../lib/schemas';
import { XapiAgent } from '../xapi/schema';

/** Actors of statements no participant is linked to, and the links an admin makes. */

export const UnlinkedActor = Type.Object(
  {
    agentKey: Type.String({ description: 'The actor\u2019s identity as Loket keys it, e.g. `mbox:mailto:…`' }),
    actor: Type.Object({}, { additionalProperties: true, description: 'The actor as the newest statement named it' }),
    statements: Type.Integer({ minimum: 1, description: 'Statements stored from this actor, linked to nobody' }),
    firstStoredAt: Timestamp,
    lastStoredAt: Timestamp,
  },
  { title: 'UnlinkedActor', additionalProperties: false },
);

export const UnlinkedActorQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 25, description: 'Page size (1-200)' }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0, description: 'Skip this many actors' }),
  },
  { additionalProperties: false },
);

export const UnlinkedActorList = listOf(UnlinkedActor, 'UnlinkedActorList');

export const AgentLinkCreate = Type.Object(
  {
    actor: XapiAgent,
    participantId: Uuid,
  },
  {
    title: 'XapiAgentLinkCreate',
    additionalProperties: false,
    examples: [
      {
        actor: { objectType: 'Agent', account: { homePage: 'https://campus.example', name: 'fbakker' } },
        participantId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4e',
      },
    ],
  },
);

export const AgentLink = Type.Object(
  {
    agentKey: Type.String(),
    participantId: Uuid,
    statementsLinked: Type.Integer({
      minimum: 0,
      description: 'Stored statements that are now the participant\u2019s',
    }),
  },
  { title: 'XapiAgentLink', additionalProperties: false },
);

export type UnlinkedActorQuery = Static<typeof UnlinkedActorQuery>;
export type AgentLinkCreate = Static<typeof AgentLinkCreate>;
export type AgentLink = Static<typeof AgentLink>;
