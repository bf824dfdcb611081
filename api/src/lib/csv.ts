import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { neutraliseCsvCell } from '@loket/client/csv';
import { type Options, stringify } from 'csv-stringify';
import { stringify as stringifyNow } from 'csv-stringify/sync';
import Type from 'typebox';
import { countStreamedBytes } from './streamed-buffers';

/** A CSV row: text, numbers Loket computes, booleans, or nothing (an empty cell). */
export type CsvRow<Column extends string = string> = Record<Column, string | number | boolean | null>;

/**
 * The one CSV dialect Loket writes, for every download: RFC 4180 with a header row and CRLF; for
 * Excel a UTF-8 BOM and semicolons, as a Dutch Excel expects. The columns are named up front, so a
 * file without rows still has its header row and tools know its shape. Every text cell passes the
 * formula injection rule (`neutraliseCsvCell`); numbers stay numbers and booleans read `true` or
 * `false`, as pandas, DuckDB and spreadsheets parse them.
 */
function csvOptions(columns: readonly string[], excel: boolean): Options {
  return {
    header: true,
    columns: [...columns],
    delimiter: excel ? ';' : ',',
    record_delimiter: 'windows',
    bom: excel,
    cast: { string: neutraliseCsvCell, boolean: String },
  };
}

/** Rows as CSV text, for what fits in memory (the reports). */
export function csvText(rows: readonly CsvRow[], columns: readonly string[], excel: boolean): string {
  return stringifyNow([...rows], csvOptions(columns, excel));
}

/**
 * Rows as a CSV stream, for exports of any length. `pipeline` (not `pipe`) hands an error of the
 * source on to the stream that is sent: before the first row Fastify answers it as a problem, after
 * it the response is aborted. Either way the process keeps serving, and a client that hangs up
 * stops the reading.
 */
export function csvStream(rows: AsyncIterable<CsvRow>, columns: readonly string[], excel: boolean): Readable {
  const csv = stringify(csvOptions(columns, excel));
  pipeline(Readable.from(rows), csv, () => {
    // Fastify reports the error of the stream it sends; nothing more to do here.
  });
  return csv;
}

const quote = 0x22;
const lineFeed = 0x0a;
const carriageReturn = 0x0d;
const byteOrderMark = Buffer.from('\ufeff');

/**
 * COPY's CSV in Loket's dialect: COPY ends a record in LF, RFC 4180 (and csv-stringify) in CRLF.
 * A line feed inside a quoted cell is part of the cell and stays as it is; quotes inside a cell
 * come doubled, so counting them tells which line feeds end a record, across chunk boundaries too.
 */
class CrlfRecords extends Transform {
  private quoted = false;
  constructor(private prefix: Buffer | undefined) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    const ends: number[] = [];
    let quoted = this.quoted;
    for (let at = 0; at < chunk.length; at++) {
      const byte = chunk[at];
      if (byte === quote) quoted = !quoted;
      else if (byte === lineFeed && !quoted) ends.push(at);
    }
    this.quoted = quoted;
    const prefix = this.prefix ?? Buffer.alloc(0);
    this.prefix = undefined;
    const out = Buffer.allocUnsafe(prefix.length + chunk.length + ends.length);
    let written = prefix.copy(out, 0);
    let from = 0;
    for (const end of ends) {
      written += chunk.copy(out, written, from, end);
      out[written++] = carriageReturn;
      from = end;
    }
    chunk.copy(out, written, from);
    countStreamedBytes(chunk.length + out.length);
    done(null, out);
  }

  override _flush(done: TransformCallback) {
    // A file without rows still has its header row, so COPY always sends something; the BOM is sent anyway.
    done(null, this.prefix);
  }
}

/**
 * CSV written by PostgreSQL itself (`COPY (query) TO STDOUT`, with a header row), in the dialect of
 * csvStream: the query names its columns as the header and applies the formula rule itself (see
 * db/src/queries/csv-copy.ts). Rows arrive as fast as the database reads them, with back pressure
 * from the client; an error of the database reaches the sent stream as in csvStream.
 */
export async function copiedCsv(
  copyOut: (copy: string) => Promise<Readable>,
  query: string,
  excel: boolean,
): Promise<Readable> {
  const source = await copyOut(
    `copy (${query}) to stdout with (format csv, header true, delimiter '${excel ? ';' : ','}')`,
  );
  const csv = new CrlfRecords(excel ? byteOrderMark : undefined);
  pipeline(source, csv, () => {
    // Fastify reports the error of the stream it sends; nothing more to do here.
  });
  return csv;
}

/** `excel=true` or `excel=1` (`false`/`0` for the plain dialect): scripts and spreadsheets spell a flag either way. */
export const ExcelFlag = Type.Optional(
  Type.Union([Type.Boolean(), Type.Enum(['1', '0'])], {
    description: 'CSV for Excel: UTF-8 BOM and semicolons (`true` or `1`)',
  }),
);

export const isExcel = (flag: boolean | '1' | '0' | undefined): boolean => flag === true || flag === '1';
