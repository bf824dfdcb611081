import { jobStatuses } from '@loket/db';
import Type, { type Static } from 'typebox';
import { Nullable, Timestamp, Uuid } from '../../lib/schemas';

export const Job = Type.Object(
  {
    id: Uuid,
    type: Type.String({ examples: ['certificates.issue-cohort'] }),
    status: Type.Enum(jobStatuses),
    subjectId: Nullable(Uuid),
    total: Type.Integer({ description: 'Items to process' }),
    done: Type.Integer({ description: 'Items that succeeded' }),
    failed: Type.Integer({ description: 'Items that failed' }),
    failures: Type.Array(Type.Object({ item: Type.String(), reason: Type.String() }, { additionalProperties: false })),
    resultIds: Type.Array(Uuid, { description: 'What was made, e.g. the certificates issued' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Job', additionalProperties: false },
);

export type Job = Static<typeof Job>;
