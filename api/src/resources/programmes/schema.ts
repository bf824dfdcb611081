import { programmeVersionStatuses } from '@loket/db';
import Type, { type Static } from 'typebox';
import { listOf, listQuery, Nullable, Timestamp, Uuid, Version } from '../../lib/schemas';

export const ProgrammeVersionSummary = Type.Object(
  {
    id: Uuid,
    number: Type.Integer({ minimum: 1 }),
    status: Type.Enum(programmeVersionStatuses),
    summary: Type.String(),
    publishedAt: Nullable(Timestamp),
    createdAt: Timestamp,
  },
  { title: 'ProgrammeVersionSummary', additionalProperties: false },
);

export const Programme = Type.Object(
  {
    id: Uuid,
    code: Type.String({ examples: ['LFB'] }),
    name: Type.String({ examples: ['Leertraject Frontoffice en basisvaardigheden'] }),
    description: Type.String({ description: 'Markdown' }),
    descriptionHtml: Type.String({ description: 'The description rendered to HTML, as module texts are' }),
    currentVersionId: Nullable({ ...Uuid, description: 'The newest published version: what new cohorts start on' }),
    versions: Type.Array(ProgrammeVersionSummary, { description: 'Newest first' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  { title: 'Programme', additionalProperties: false },
);

export const ProgrammeQuery = listQuery(['name', 'code', 'createdAt'], {}, 'name');
export const ProgrammeList = listOf(Programme, 'ProgrammeList');

export type Programme = Static<typeof Programme>;
export type ProgrammeQuery = Static<typeof ProgrammeQuery>;
