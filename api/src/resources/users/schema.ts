import { roles } from '@loket/db';
import Type, { type Static } from 'typebox';
import { listOf, listQuery, Nullable, Timestamp, Uuid, Version } from '../../lib/schemas';

const Role = Type.Enum(roles, {
  description:
    'admin (KB, national), adviser (a POI), coordinator or facilitator (a library), participant (their own records)',
});

export const User = Type.Object(
  {
    id: Uuid,
    email: Type.String({ format: 'email' }),
    displayName: Type.String(),
    role: Role,
    organisationId: Nullable(Uuid),
    participantId: Nullable(Uuid),
    disabled: Type.Boolean(),
    lastLoginAt: Nullable(Timestamp),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  { title: 'User', additionalProperties: false },
);

const Password = Type.String({
  minLength: 10,
  maxLength: 256,
  description: 'At least 10 characters; not a common password and not the email address',
});

export const UserCreate = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    role: Role,
    organisationId: Type.Optional(Nullable({ ...Uuid, description: 'The KB, a POI or a library, by role' })),
    participantId: Type.Optional(Nullable({ ...Uuid, description: 'For role participant: their participant record' })),
    password: Password,
  },
  {
    title: 'UserCreate',
    additionalProperties: false,
    examples: [
      {
        email: 'coordinator@hilversum.example',
        displayName: 'Sanne de Vries',
        role: 'coordinator',
        organisationId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d',
        password: 'Lente-in-Hilversum-2018',
      },
    ],
  },
);

export const UserPatch = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    disabled: Type.Optional(Type.Boolean({ description: 'A disabled user cannot sign in; their sessions end' })),
    password: Type.Optional(Password),
  },
  { title: 'UserPatch', additionalProperties: false, examples: [{ disabled: true }] },
);

export const UserQuery = listQuery(
  ['email', 'displayName', 'createdAt'],
  {
    role: Type.Optional(Role),
    organisationId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  'email',
);
export const UserList = listOf(User, 'UserList');

export type User = Static<typeof User>;
export type UserCreate = Static<typeof UserCreate>;
export type UserPatch = Static<typeof UserPatch>;
export type UserQuery = Static<typeof UserQuery>;
