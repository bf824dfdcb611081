import { organisationKinds } from '@loket/db';
import Type, { type Static } from 'typebox';
import { listQuery, Nullable, syncListOf, Timestamp, UpdatedSince, Uuid, Version } from '../../lib/schemas';

export const OrganisationKind = Type.Enum(organisationKinds, {
  description: 'national (the KB), poi (provincial support organisation), library, branch, partner',
});

const editable = {
  name: Type.String({ minLength: 1, maxLength: 200, examples: ['Bibliotheek Hilversum'] }),
  shortName: Nullable(Type.String({ minLength: 1, maxLength: 50 })),
  province: Nullable(Type.String({ minLength: 1, maxLength: 100, examples: ['Noord-Holland'] })),
  city: Nullable(Type.String({ minLength: 1, maxLength: 100 })),
  email: Nullable(Type.String({ format: 'email', maxLength: 254 })),
  phone: Nullable(Type.String({ pattern: '^[+0-9 ()-]{6,20}$' })),
  website: Nullable(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 300 })),
};

export const Organisation = Type.Object(
  {
    id: Uuid,
    kind: OrganisationKind,
    parentId: Nullable(Uuid),
    ...editable,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  {
    title: 'Organisation',
    additionalProperties: false,
    examples: [
      {
        id: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d',
        kind: 'library',
        parentId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b0001',
        name: 'Bibliotheek Hilversum',
        shortName: 'Hilversum',
        province: 'Noord-Holland',
        city: 'Hilversum',
        email: 'info@hilversum.example',
        phone: null,
        website: 'https://www.hilversum.example',
        createdAt: '2018-10-01T09:00:00.000Z',
        updatedAt: '2018-10-01T09:00:00.000Z',
        version: 1,
      },
    ],
  },
);

export const OrganisationCreate = Type.Object(
  {
    kind: OrganisationKind,
    parentId: Type.Optional(Nullable(Uuid)),
    name: editable.name,
    shortName: Type.Optional(editable.shortName),
    province: Type.Optional(editable.province),
    city: Type.Optional(editable.city),
    email: Type.Optional(editable.email),
    phone: Type.Optional(editable.phone),
    website: Type.Optional(editable.website),
  },
  {
    title: 'OrganisationCreate',
    additionalProperties: false,
    examples: [
      {
        kind: 'library',
        parentId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b0001',
        name: 'Bibliotheek Hilversum',
        shortName: 'Hilversum',
        province: 'Noord-Holland',
        city: 'Hilversum',
        email: 'info@hilversum.example',
        website: 'https://www.hilversum.example',
      },
    ],
  },
);

export const OrganisationPatch = Type.Partial(Type.Omit(OrganisationCreate, ['kind']), {
  title: 'OrganisationPatch',
  additionalProperties: false,
  description: 'JSON merge patch: send only what changes; null clears a field. The kind cannot change.',
  examples: [{ city: 'Hilversum', phone: null }],
});

export const organisationSortFields = ['name', 'kind', 'createdAt', 'updatedAt'] as const;

export const OrganisationQuery = listQuery(
  organisationSortFields,
  {
    kind: Type.Optional(OrganisationKind),
    parentId: Type.Optional(Uuid),
    within: Type.Optional({ ...Uuid, description: 'Only this organisation and everything under it' }),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Search in name, short name and city' })),
    updatedSince: UpdatedSince,
  },
  'name',
);

export const OrganisationList = syncListOf(Organisation, 'OrganisationList');

export type Organisation = Static<typeof Organisation>;
export type OrganisationCreate = Static<typeof OrganisationCreate>;
export type OrganisationPatch = Static<typeof OrganisationPatch>;
export type OrganisationQuery = Static<typeof OrganisationQuery>;
