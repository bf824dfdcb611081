import { apiClientScopes } from '@loket/db';
import Type, { type Static } from 'typebox';
import { listOf, listQuery, Nullable, Timestamp, Uuid, Version } from '../../lib/schemas';

const Scope = Type.Enum(apiClientScopes);

const fields = {
  id: Uuid,
  clientId: Type.String({ description: 'Send as client_id with the client_credentials grant' }),
  name: Type.String(),
  scopes: Type.Array(Scope),
  organisationId: Nullable({ ...Uuid, description: 'The subtree the client is limited to; null for national' }),
  revoked: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Version,
};

export const ApiClient = Type.Object(fields, { title: 'ApiClient', additionalProperties: false });

export const ApiClientWithSecret = Type.Object(
  { ...fields, clientSecret: Type.String({ description: 'Shown only in this answer: store it now' }) },
  { title: 'ApiClientWithSecret', additionalProperties: false },
);

export const ApiClientCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, examples: ['Leerplatform Bibliotheek Campus'] }),
    scopes: Type.Array(Scope, { minItems: 1, uniqueItems: true }),
    organisationId: Type.Optional(Nullable(Uuid)),
  },
  {
    title: 'ApiClientCreate',
    additionalProperties: false,
    examples: [{ name: 'Leerplatform Bibliotheek Campus', scopes: ['write:progress'], organisationId: null }],
  },
);

export const ApiClientQuery = listQuery(['name', 'createdAt'], {}, 'name');
export const ApiClientList = listOf(ApiClient, 'ApiClientList');

export type ApiClient = Static<typeof ApiClient>;
export type ApiClientWithSecret = Static<typeof ApiClientWithSecret>;
export type ApiClientCreate = Static<typeof ApiClientCreate>;
export type ApiClientQuery = Static<typeof ApiClientQuery>;
