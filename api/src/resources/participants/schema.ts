import Type, { type Static } from 'typebox';
import { listQuery, Nullable, syncListOf, Timestamp, UpdatedSince, Uuid, Version } from '../../lib/schemas';

const name = (examples: string[]) => Type.String({ minLength: 1, maxLength: 100, examples });

const editable = {
  organisationId: { ...Uuid, description: 'The library or branch the person works at' },
  givenName: name(['Fatima']),
  nameInfix: Nullable(
    Type.String({ minLength: 1, maxLength: 20, description: 'Tussenvoegsel', examples: ['van der'] }),
  ),
  familyName: name(['Bakker']),
  email: Type.String({ format: 'email', maxLength: 254, examples: ['f.bakker@hilversum.example'] }),
  jobTitle: Nullable(Type.String({ minLength: 1, maxLength: 100, examples: ['Medewerker publieksservice'] })),
};

export const Participant = Type.Object(
  {
    id: Uuid,
    ...editable,
    erasedAt: Nullable({ ...Timestamp, description: 'Set when the person\u2019s data was erased (AVG)' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  {
    title: 'Participant',
    additionalProperties: false,
    examples: [
      {
        id: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4e',
        organisationId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d',
        givenName: 'Fatima',
        nameInfix: null,
        familyName: 'Bakker',
        email: 'fatima.bakker@hilversum.example',
        jobTitle: 'Medewerker publieksservice',
        erasedAt: null,
        createdAt: '2018-10-15T09:00:00.000Z',
        updatedAt: '2018-10-15T09:00:00.000Z',
        version: 1,
      },
    ],
  },
);

export const ParticipantCreate = Type.Object(
  {
    organisationId: editable.organisationId,
    givenName: editable.givenName,
    nameInfix: Type.Optional(editable.nameInfix),
    familyName: editable.familyName,
    email: editable.email,
    jobTitle: Type.Optional(editable.jobTitle),
  },
  {
    title: 'ParticipantCreate',
    additionalProperties: false,
    examples: [
      {
        organisationId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d',
        givenName: 'Fatima',
        familyName: 'Bakker',
        email: 'fatima.bakker@hilversum.example',
        jobTitle: 'Medewerker publieksservice',
      },
    ],
  },
);

export const ParticipantPatch = Type.Partial(ParticipantCreate, {
  title: 'ParticipantPatch',
  additionalProperties: false,
  description: 'JSON merge patch: send only what changes; null clears an optional field.',
  examples: [{ jobTitle: 'Teamleider publieksservice', nameInfix: null }],
});

export const participantSortFields = ['familyName', 'givenName', 'email', 'createdAt', 'updatedAt'] as const;

export const ParticipantQuery = listQuery(
  participantSortFields,
  {
    organisationId: Type.Optional({
      ...Uuid,
      description: 'An organisation: its participants and those of everything under it',
    }),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Search in name and email' })),
    updatedSince: UpdatedSince,
  },
  'familyName,givenName',
);

export const ParticipantList = syncListOf(Participant, 'ParticipantList');

const Records = (description: string) => Type.Array(Type.Unknown(), { description });

export const ParticipantExport = Type.Object(
  {
    exportedAt: Timestamp,
    participant: Participant,
    accounts: Records('Login accounts (without password hashes)'),
    enrolments: Records('Enrolments in cohorts'),
    moduleProgress: Records('Progress per module'),
    attendance: Records('Attendance at team meetings'),
    evaluations: Records('Evaluation answers'),
    certificates: Records('Certificates'),
    xapiStatements: Records('Learning records sent by e-learning players'),
    xapiDocuments: Records('What e-learning kept about them (xAPI state and agent profiles; content in base64)'),
    xapiAgentLinks: Records('Identities on other platforms linked to them'),
    notifications: Records('E-mails sent to this person, or kept for them'),
    auditEvents: Records('Changes to, or made by, this person'),
  },
  { title: 'ParticipantExport', additionalProperties: false },
);

export type Participant = Static<typeof Participant>;
export type ParticipantCreate = Static<typeof ParticipantCreate>;
export type ParticipantPatch = Static<typeof ParticipantPatch>;
export type ParticipantQuery = Static<typeof ParticipantQuery>;
export type ParticipantExport = Static<typeof ParticipantExport>;
