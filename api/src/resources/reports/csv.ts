import type { FastifyReply, FastifyRequest } from 'fastify';
import { type CsvRow, csvText } from '../../lib/csv';
import type { EvaluationReport } from './schema';

/** A report's rows as CSV when asked for (`?format=csv` or `Accept: text/csv`), else as JSON. */
export function wantsCsv(request: FastifyRequest, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  const accept = request.headers.accept ?? '';
  return /\btext\/csv\b/.test(accept) && !/\bapplication\/json\b/.test(accept);
}

/** The columns of a flat report's CSV: the fields of its rows, in the order its schema names them. */
export const columnsOf = (report: { properties: { rows: { items: { properties: object } } } }): string[] =>
  Object.keys(report.properties.rows.items.properties);

/** The report's rows in Loket's CSV dialect (see lib/csv.ts), with the header row even when there are none. */
export function sendCsv(
  reply: FastifyReply,
  name: string,
  rows: readonly CsvRow[],
  columns: readonly string[],
  excel: boolean,
) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .serializer((payload: unknown) => String(payload))
    .send(csvText(rows, columns, excel));
}

export const evaluationColumns = [
  'groupKey',
  'groupLabel',
  'subjectType',
  'questionCode',
  'questionText',
  'responses',
  'averageRating',
  'rating1',
  'rating2',
  'rating3',
  'rating4',
  'rating5',
] as const;

/**
 * The evaluation report in long format, as BI tools pivot it: per group and kind of subject one
 * row for all answers (with the distribution of ratings, question cells empty), then one row per
 * question with its own count and mean.
 */
export function evaluationCsvRows(report: EvaluationReport): Array<CsvRow<(typeof evaluationColumns)[number]>> {
  return report.rows.flatMap((row) => {
    const group = { groupKey: row.group.key, groupLabel: row.group.label, subjectType: row.subjectType };
    const noRatings = { rating1: null, rating2: null, rating3: null, rating4: null, rating5: null };
    return [
      {
        ...group,
        questionCode: null,
        questionText: null,
        responses: row.responses,
        averageRating: row.averageRating,
        rating1: row.distribution[1],
        rating2: row.distribution[2],
        rating3: row.distribution[3],
        rating4: row.distribution[4],
        rating5: row.distribution[5],
      },
      ...row.questions.map((question) => ({
        ...group,
        questionCode: question.code,
        questionText: question.text,
        responses: question.responses,
        averageRating: question.averageRating,
        ...noRatings,
      })),
    ];
  });
}
