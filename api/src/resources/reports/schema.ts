import { cohortPhases, evaluationSubjects } from '@loket/db';
import Type, { type Static } from 'typebox';
import { Uuid } from '../../lib/schemas';

export const EvaluationReportQuery = Type.Object(
  {
    groupBy: Type.Enum(['cohort', 'library', 'phase', 'programmeVersion'], { default: 'cohort' }),
    subjectType: Type.Optional(Type.Enum(evaluationSubjects)),
    phase: Type.Optional(Type.Enum(cohortPhases)),
    cohortId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const EvaluationReport = Type.Object(
  {
    groupBy: Type.String(),
    rows: Type.Array(
      Type.Object(
        {
          group: Type.Object({ key: Type.String(), label: Type.String() }, { additionalProperties: false }),
          subjectType: Type.Enum(evaluationSubjects),
          responses: Type.Integer(),
          averageRating: Type.Number({ description: 'Mean rating, rounded to two decimals' }),
          distribution: Type.Object(
            { 1: Type.Integer(), 2: Type.Integer(), 3: Type.Integer(), 4: Type.Integer(), 5: Type.Integer() },
            { additionalProperties: false, description: 'How many gave each rating' },
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    title: 'EvaluationReport',
    additionalProperties: false,
    examples: [
      {
        groupBy: 'library',
        rows: [
          {
            group: { key: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d', label: 'Bibliotheek Hilversum' },
            subjectType: 'module',
            responses: 68,
            averageRating: 4.12,
            distribution: { 1: 0, 2: 3, 3: 10, 4: 29, 5: 26 },
          },
        ],
      },
    ],
  },
);

export type EvaluationReportQuery = Static<typeof EvaluationReportQuery>;
