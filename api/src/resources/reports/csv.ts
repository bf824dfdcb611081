import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A report's rows as CSV when asked for (`?format=csv` or `Accept: text/csv`), else as JSON. */
export function wantsCsv(request: FastifyRequest, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  const accept = request.headers.accept ?? '';
  return /\btext\/csv\b/.test(accept) && !/\bapplication\/json\b/.test(accept);
}

/** RFC 4180 CSV with a header row; for Excel a UTF-8 BOM and semicolons, as a Dutch Excel expects. */
export function sendCsv(reply: FastifyReply, name: string, rows: Array<Record<string, unknown>>, excel: boolean) {
  const text = stringify(rows, {
    header: true,
    delimiter: excel ? ';' : ',',
    record_delimiter: 'windows',
    cast: { boolean: String },
  });
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .serializer((payload: unknown) => String(payload))
    .send(`${excel ? '\uFEFF' : ''}${text}`);
}
