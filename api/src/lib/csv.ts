import { pipeline, Readable } from 'node:stream';
import { neutraliseCsvCell } from '@loket/client/csv';
import { type Options, stringify } from 'csv-stringify';
import { stringify as stringifyNow } from 'csv-stringify/sync';

/**
 * The one CSV dialect Loket writes, for every download: RFC 4180 with a header row and CRLF; for
 * Excel a UTF-8 BOM and semicolons, as a Dutch Excel expects. Every text cell passes the formula
 * injection rule (`neutraliseCsvCell`); numbers Loket computes are written as numbers.
 */
function csvOptions(excel: boolean): Options {
  return {
    header: true,
    delimiter: excel ? ';' : ',',
    record_delimiter: 'windows',
    bom: excel,
    cast: { string: neutraliseCsvCell, boolean: String },
  };
}

/** Rows as CSV text, for what fits in memory (the reports). */
export function csvText(rows: Array<Record<string, unknown>>, excel: boolean): string {
  return stringifyNow(rows, csvOptions(excel));
}

/**
 * Rows as a CSV stream, for exports of any length. `pipeline` (not `pipe`) hands an error of the
 * source on to the stream that is sent: before the first row Fastify answers it as a problem, after
 * it the response is aborted. Either way the process keeps serving, and a client that hangs up
 * stops the reading.
 */
export function csvStream(rows: AsyncIterable<Record<string, unknown>>, excel: boolean): Readable {
  const csv = stringify(csvOptions(excel));
  pipeline(Readable.from(rows), csv, () => {
    // Fastify reports the error of the stream it sends; nothing more to do here.
  });
  return csv;
}
