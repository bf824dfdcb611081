import { roles } from '@loket/db';
import Type, { type Static } from 'typebox';
import { Nullable, Uuid } from '../../lib/schemas';

export const TokenRequest = Type.Object(
  {
    grant_type: Type.Enum(['password', 'refresh_token', 'client_credentials', 'authorization_code'], {
      description:
        'password (a person signs in), refresh_token (rotate), client_credentials (an API client), ' +
        'authorization_code (redeem the one-time code of a sign-in through an identity provider)',
    }),
    username: Type.Optional(
      Type.String({ minLength: 1, maxLength: 254, description: 'The email address (password grant)' }),
    ),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    refresh_token: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    code: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'authorization_code grant: the one-time code the sign-in through an identity provider returned',
      }),
    ),
    code_verifier: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9._~-]{43,128}$',
        description:
          'authorization_code grant: the PKCE verifier (RFC 7636) whose S256 challenge the front end sent to ' +
          '/v1/auth/oidc/start',
      }),
    ),
    client_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    client_secret: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    scope: Type.Optional(Type.String({ maxLength: 500, description: 'Ignored: the client\u2019s scopes are fixed' })),
  },
  {
    title: 'TokenRequest',
    additionalProperties: false,
    description: 'OAuth 2 token request, as application/x-www-form-urlencoded or JSON.',
    examples: [
      { grant_type: 'password', username: 'coordinator@hilversum.example', password: 'Lente-in-Hilversum-2018' },
    ],
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
  {
    title: 'RevokeRequest',
    additionalProperties: false,
    examples: [{ token: 'the refresh token to end', token_type_hint: 'refresh_token' }],
  },
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

const Email = Type.String({ format: 'email', maxLength: 254, description: 'The person\u2019s work e-mail address' });

export const SignInProviderQuery = Type.Object({ email: Email }, { additionalProperties: false });

export const SignInProvider = Type.Object(
  {
    name: Type.String({ description: 'The identity provider, as the sign-in page names it' }),
    passwordSignIn: Type.Boolean({ description: 'Whether a Loket password works for this address too' }),
  },
  { title: 'SignInProvider', additionalProperties: false },
);

export const OidcStartQuery = Type.Object(
  {
    email: Email,
    code_challenge: Type.String({
      pattern: '^[A-Za-z0-9_-]{43}$',
      description: 'S256 challenge (RFC 7636) of a verifier the front end keeps, to redeem the code with',
    }),
    code_challenge_method: Type.Literal('S256'),
  },
  { additionalProperties: false },
);

export const OidcCallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 4096 })),
    state: Type.Optional(Type.String({ maxLength: 512 })),
    iss: Type.Optional(Type.String({ maxLength: 500 })),
    error: Type.Optional(Type.String({ maxLength: 200 })),
    error_description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: true, description: 'The authorisation response (RFC 6749 \u00a74.1.2, RFC 9207)' },
);
