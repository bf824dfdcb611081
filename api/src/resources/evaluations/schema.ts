import { evaluationSubjects } from '@loket/db';
import Type, { type Static } from 'typebox';
import { listQuery, Nullable, syncListOf, Timestamp, UpdatedSince, Uuid, Version } from '../../lib/schemas';

const Rating = Type.Integer({ minimum: 1, maximum: 5, description: '1 (slecht) to 5 (uitstekend)' });
const Answers = Type.Record(Type.String({ pattern: '^[a-z0-9-]{1,64}$' }), Rating, {
  description: 'Ratings per question of the programme\u2019s question set for this kind of subject',
  maxProperties: 20,
});

export const Evaluation = Type.Object(
  {
    id: Uuid,
    enrolmentId: Uuid,
    subjectType: Type.Enum(evaluationSubjects),
    subjectId: { ...Uuid, description: 'The module, meeting or cohort evaluated' },
    rating: Rating,
    answers: Answers,
    comment: Nullable(Type.String()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  { title: 'Evaluation', additionalProperties: false },
);

export const EvaluationCreate = Type.Object(
  {
    enrolmentId: Uuid,
    subjectType: Type.Enum(evaluationSubjects),
    subjectId: Uuid,
    rating: Rating,
    answers: Type.Optional(Answers),
    comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { title: 'EvaluationCreate', additionalProperties: false },
);

export const EvaluationPatch = Type.Object(
  {
    rating: Type.Optional(Rating),
    answers: Type.Optional(Answers),
    comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { title: 'EvaluationPatch', additionalProperties: false },
);

export const EvaluationQuery = listQuery(
  ['createdAt', 'updatedAt', 'rating'],
  {
    cohortId: Type.Optional(Uuid),
    enrolmentId: Type.Optional(Uuid),
    subjectType: Type.Optional(Type.Enum(evaluationSubjects)),
    subjectId: Type.Optional(Uuid),
    updatedSince: UpdatedSince,
  },
  '-createdAt',
);
export const EvaluationList = syncListOf(Evaluation, 'EvaluationList');

export type Evaluation = Static<typeof Evaluation>;
export type EvaluationCreate = Static<typeof EvaluationCreate>;
export type EvaluationPatch = Static<typeof EvaluationPatch>;
export type EvaluationQuery = Static<typeof EvaluationQuery>;
