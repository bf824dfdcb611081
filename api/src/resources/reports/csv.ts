import type { FastifyReply, FastifyRequest } from 'fastify';
import { csvText } from '../../lib/csv';

/** A report's rows as CSV when asked for (`?format=csv` or `Accept: text/csv`), else as JSON. */
export function wantsCsv(request: FastifyRequest, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  const accept = request.headers.accept ?? '';
  return /\btext\/csv\b/.test(accept) && !/\bapplication\/json\b/.test(accept);
}

/** The report's rows in Loket's CSV dialect (see lib/csv.ts). */
export function sendCsv(reply: FastifyReply, name: string, rows: Array<Record<string, unknown>>, excel: boolean) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .serializer((payload: unknown) => String(payload))
    .send(csvText(rows, excel));
}
