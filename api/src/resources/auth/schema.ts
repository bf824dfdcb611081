import { roles } from '@loket/db';
import Type, { type Static } from 'typebox';
import { Nullable, Uuid } from '../../lib/schemas';

export const TokenRequest = Type.Object(
  {
    grant_type: Type.Enum(['password', 'refresh_token', 'client_credentials'], {
      description: 'password (a person signs in), refresh_token (rotate), client_credentials (an API client)',
    }),
    username: Type.Optional(
      Type.String({ minLength: 1, maxLength: 254, description: 'The email address (password grant)' }),
    ),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    refresh_token: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    client_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    client_secret: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    scope: Type.Optional(Type.String({ maxLength: 500, description: 'Ignored: the client\u2019s scopes are fixed' })),
  },
  {
    title: 'TokenRequest',
    additionalProperties: false,
    description: 'OAuth 2 token request, as application/x-www-form-urlencoded or JSON.',
  },
);

export const TokenResponse = Type.Object(
  {
    access_token: Type.String({ description: 'A JWT (HS256), valid for expires_in seconds' }),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer(),
    refresh_token: Type.Optional(
      Type.String({
        description: 'Single use: a refresh returns a new one; reusing a spent one signs the session out',
      }),
    ),
    scope: Type.Optional(Type.String()),
  },
  {
    title: 'TokenResponse',
    additionalProperties: false,
    examples: [
      { access_token: 'eyJhbGciOiJIUzI1NiJ9…', token_type: 'Bearer', expires_in: 900, refresh_token: 'v2Y0…' },
    ],
  },
);

export const RevokeRequest = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200, description: 'A refresh token' }),
    token_type_hint: Type.Optional(Type.String({ maxLength: 50 })),
  },
  { title: 'RevokeRequest', additionalProperties: false },
);

const OrganisationRef = Type.Object(
  { id: Uuid, name: Type.String(), kind: Type.String() },
  { title: 'OrganisationRef', additionalProperties: false },
);

export const Me = Type.Object(
  {
    type: Type.Enum(['user', 'client']),
    id: Uuid,
    name: Type.String({ description: 'Display name of the person or the client' }),
    email: Nullable(Type.String()),
    role: Nullable(Type.Enum(roles)),
    organisation: Nullable(OrganisationRef),
    participantId: Nullable(Uuid),
    scopes: Type.Array(Type.String(), { description: 'An API client\u2019s scopes; empty for people' }),
    permissions: Type.Array(Type.String()),
  },
  { title: 'Me', additionalProperties: false },
);

export type TokenRequest = Static<typeof TokenRequest>;
export type TokenResponse = Static<typeof TokenResponse>;
export type Me = Static<typeof Me>;
