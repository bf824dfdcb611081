import { jobStatuses } from '@loket/db';
import Type, { type Static } from 'typebox';
import { Nullable, Timestamp, Uuid } from '../../lib/schemas';

const Reason = Type.Object(
  {
    code: Type.String(),
    params: Type.Record(
      Type.String(),
      Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Array(Type.String())]),
    ),
  },
  { additionalProperties: false },
);

export const Job = Type.Object(
  {
    id: Uuid,
    type: Type.String({ examples: ['certificates.issue-cohort'] }),
    status: Type.Enum(jobStatuses),
    subjectId: Nullable(Uuid),
    total: Type.Integer({ description: 'Items to process' }),
    done: Type.Integer({ description: 'Items that succeeded' }),
    failed: Type.Integer({ description: 'Items that failed' }),
    failures: Type.Array(
      Type.Object(
        {
          item: Type.String(),
          reason: Type.String({ description: 'In English, for people; clients translate `code` and `params`' }),
          code: Type.String({ description: 'Why the item failed, as the problem `code` of the refusal' }),
          params: Reason.properties.params,
          missing: Type.Array(Reason, { description: 'What the enrolment still misses, as field problems' }),
        },
        { additionalProperties: false },
      ),
    ),
    resultIds: Type.Array(Uuid, { description: 'What was made, e.g. the certificates issued' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Job', additionalProperties: false },
);

export type Job = Static<typeof Job>;
