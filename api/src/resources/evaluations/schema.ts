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
  {
    title: 'EvaluationCreate',
    additionalProperties: false,
    examples: [
      {
        enrolmentId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c51',
        subjectType: 'module',
        subjectId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c54',
        rating: 4,
        comment: 'Veel praktische tips voor aan de balie.',
      },
    ],
  },
);

export const EvaluationPatch = Type.Object(
  {
    rating: Type.Optional(Rating),
    answers: Type.Optional(Answers),
    comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { title: 'EvaluationPatch', additionalProperties: false, examples: [{ rating: 5, comment: null }] },
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

export const EvaluationFormItem = Type.Object(
  {
    subjectType: Type.Enum(evaluationSubjects),
    subjectId: { ...Uuid, description: 'The module, meeting or cohort to evaluate' },
    title: Type.String({ description: 'The module\u2019s, meeting\u2019s or cohort\u2019s name' }),
    date: Nullable({ ...Timestamp, description: 'When the module was completed or the meeting began' }),
    due: Type.Boolean({
      description:
        'Asked for now: a module the participant completed, a meeting they attended, the whole programme once ' +
        'they finished it or the cohort is being evaluated',
    }),
    questions: Type.Array(Type.Object({ code: Type.String(), text: Type.String() }, { additionalProperties: false }), {
      description: 'The programme\u2019s questions for this kind of subject, each rated 1 to 5',
    }),
    /** What the participant answered; null until then. */
    evaluation: Nullable(Evaluation),
  },
  { title: 'EvaluationFormItem', additionalProperties: false },
);

export const EvaluationForm = Type.Object(
  {
    enrolmentId: Uuid,
    cohortId: Uuid,
    cohortName: Type.String(),
    open: Type.Boolean({ description: 'Evaluations can be given and changed until the cohort closes' }),
    items: Type.Array(EvaluationFormItem, { description: 'The modules, then the meetings, then the whole cohort' }),
  },
  { title: 'EvaluationForm', additionalProperties: false },
);
export const EvaluationFormList = Type.Object(
  { data: Type.Array(EvaluationForm) },
  { title: 'EvaluationFormList', additionalProperties: false },
);

export type Evaluation = Static<typeof Evaluation>;
export type EvaluationForm = Static<typeof EvaluationForm>;
export type EvaluationCreate = Static<typeof EvaluationCreate>;
export type EvaluationPatch = Static<typeof EvaluationPatch>;
export type EvaluationQuery = Static<typeof EvaluationQuery>;
