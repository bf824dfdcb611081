import { cohortPhases, evaluationSubjects } from '@loket/db';
import Type, { type Static } from 'typebox';
import { ExcelFlag } from '../../lib/csv';
import { Nullable, Uuid } from '../../lib/schemas';

const outputOptions = {
  format: Type.Optional(Type.Enum(['json', 'csv'], { description: 'Or send Accept: text/csv' })),
  excel: ExcelFlag,
};

export const EvaluationReportQuery = Type.Object(
  {
    groupBy: Type.Enum(['cohort', 'library', 'phase', 'programmeVersion'], { default: 'cohort' }),
    subjectType: Type.Optional(Type.Enum(evaluationSubjects)),
    phase: Type.Optional(Type.Enum(cohortPhases)),
    cohortId: Type.Optional(Uuid),
    ...outputOptions,
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
          questions: Type.Array(
            Type.Object(
              {
                code: Type.String(),
                text: Type.String({ description: 'The question as the participants saw it' }),
                responses: Type.Integer({ description: 'How many answered it' }),
                averageRating: Type.Number({ description: 'Mean answer, rounded to two decimals' }),
              },
              { additionalProperties: false },
            ),
            {
              description:
                'The programme\u2019s questions for this kind of subject that were answered, with their means',
            },
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    title: 'EvaluationReport',
    additionalProperties: false,
    description:
      'Ratings per group and kind of subject. In CSV (`?format=csv` or `Accept: text/csv`) in long format: per group ' +
      'and kind of subject a row for all answers with `rating1`…`rating5`, then a row per question with its ' +
      '`questionCode`, `questionText`, `responses` and `averageRating`; text cells that start with =, +, -, @, a tab ' +
      'or a carriage return get a leading single quote.',
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
            questions: [
              {
                code: 'module-relevantie',
                text: 'Hoe bruikbaar is deze module voor je werk aan de balie?',
                responses: 60,
                averageRating: 4.05,
              },
            ],
          },
        ],
      },
    ],
  },
);

export type EvaluationReportQuery = Static<typeof EvaluationReportQuery>;
export type EvaluationReport = Static<typeof EvaluationReport>;

const DateOnly = Type.String({ format: 'date' });

/** The filters and output options every report takes. */
const reportOptions = {
  from: Type.Optional({ ...DateOnly, description: 'Cohorts starting on or after (certificates: issued on or after)' }),
  to: Type.Optional({ ...DateOnly, description: 'Cohorts starting on or before (certificates: issued on or before)' }),
  phase: Type.Optional(Type.Enum(cohortPhases)),
  poiId: Type.Optional(Uuid),
  libraryId: Type.Optional(Uuid),
  programmeVersionId: Type.Optional(Uuid),
  ...outputOptions,
};

export const ReportQuery = Type.Object(reportOptions, { additionalProperties: false });
export const ProgressReportQuery = Type.Object(
  {
    ...reportOptions,
    groupBy: Type.Enum(['library', 'poi', 'module', 'phase', 'programmeVersion'], { default: 'library' }),
  },
  { additionalProperties: false },
);

const csvNote =
  ' In CSV with `?format=csv` or `Accept: text/csv`: one row per row, RFC 4180 quoting; text that starts with =, +, ' +
  '-, @, a tab or a carriage return gets a leading single quote, so a spreadsheet shows it instead of running it.';

export const ProgressReport = Type.Object(
  {
    groupBy: Type.String(),
    rows: Type.Array(
      Type.Object(
        {
          key: Type.String(),
          label: Type.String(),
          enrolments: Type.Integer(),
          progressRecords: Type.Integer({ description: 'Chosen modules over all enrolments' }),
          notStarted: Type.Integer(),
          inProgress: Type.Integer(),
          completed: Type.Integer(),
          completedPercentage: Type.Number({ description: 'completed / progressRecords, in percent, one decimal' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    title: 'ProgressReport',
    additionalProperties: false,
    description: `Module progress of the enrolments in scope (withdrawn ones left out).${csvNote}`,
    examples: [
      {
        groupBy: 'library',
        rows: [
          {
            key: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d',
            label: 'Bibliotheek Hilversum',
            enrolments: 17,
            progressRecords: 68,
            notStarted: 10,
            inProgress: 8,
            completed: 50,
            completedPercentage: 73.5,
          },
        ],
      },
    ],
  },
);

export const RolloutReport = Type.Object(
  {
    rows: Type.Array(
      Type.Object(
        {
          libraryId: Uuid,
          libraryName: Type.String(),
          poiName: Type.String(),
          cohortId: Uuid,
          cohortName: Type.String(),
          phase: Type.String(),
          status: Type.String(),
          startsOn: DateOnly,
          endsOn: DateOnly,
          enrolled: Type.Integer(),
          active: Type.Integer(),
          completed: Type.Integer(),
          withdrawn: Type.Integer(),
          certificates: Type.Integer({ description: 'Valid (not revoked) certificates' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    title: 'RolloutReport',
    additionalProperties: false,
    description: `Where each library stands, per cohort.${csvNote}`,
  },
);

export const AttendanceReport = Type.Object(
  {
    rows: Type.Array(
      Type.Object(
        {
          cohortId: Uuid,
          cohortName: Type.String(),
          libraryName: Type.String(),
          sessionType: Type.String(),
          sessions: Type.Integer(),
          held: Type.Integer({
            description: 'Of those, the meetings that have taken place: attendance recorded or their end passed',
          }),
          present: Type.Integer(),
          absent: Type.Integer(),
          excused: Type.Integer(),
          attendanceRate: Nullable(Type.Number({ description: 'present / recorded, in percent, one decimal' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    title: 'AttendanceReport',
    additionalProperties: false,
    description: `Attendance per cohort and kind of meeting (cancelled meetings left out).${csvNote}`,
  },
);

export const CertificatesReport = Type.Object(
  {
    rows: Type.Array(
      Type.Object(
        { month: Type.String({ pattern: '^\\d{4}-\\d{2}$' }), issued: Type.Integer(), revoked: Type.Integer() },
        { additionalProperties: false },
      ),
    ),
  },
  {
    title: 'CertificatesReport',
    additionalProperties: false,
    description: `Certificates issued per month (UTC).${csvNote}`,
  },
);

export type ReportQuery = Static<typeof ReportQuery>;
export type ProgressReportQuery = Static<typeof ProgressReportQuery>;
