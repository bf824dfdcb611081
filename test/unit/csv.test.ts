import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { neutraliseCsvCell } from '@loket/client/csv';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { copiedCsv, csvStream, csvText } from '../../api/src/lib/csv';

const hostile = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(1)', '\t=1+2', '\r=1+2', '=1+2 cohort'];

describe('the CSV cell rule', () => {
  it('puts a single quote before text a spreadsheet would run as a formula', () => {
    for (const text of hostile) expect(neutraliseCsvCell(text)).toBe(`'${text}`);
  });

  it('leaves other text alone, a formula sign later in the text included', () => {
    for (const text of ['Anne', '', ' =1', 'Jansen-de Vries', "'quoted", '2019-03-04T12:30:00.000Z', '1+1=2']) {
      expect(neutraliseCsvCell(text)).toBe(text);
    }
  });
});

describe('CSV text', () => {
  it('neutralises text cells in both dialects and keeps numbers and booleans as they are', () => {
    const rows = hostile.map((name, i) => ({ name, change: -i, done: i % 2 === 0 }));
    for (const excel of [false, true]) {
      const text = csvText(rows, ['name', 'change', 'done'], excel);
      expect(text.startsWith('\uFEFF')).toBe(excel);
      const parsed = parse(text.replace(/^\uFEFF/, ''), { columns: true, delimiter: excel ? ';' : ',' }) as Array<
        Record<string, string>
      >;
      expect(parsed.map((r) => r.name)).toEqual(hostile.map((name) => `'${name}`));
      expect(parsed.map((r) => r.change)).toEqual(rows.map((r) => String(r.change)));
      expect(parsed.map((r) => r.done)).toEqual(rows.map((r) => String(r.done)));
    }
  });
});

describe('CSV that tools load without help', () => {
  it('has its header row when there are no rows, in both dialects and as a stream', async () => {
    expect(csvText([], ['id', 'name'], false)).toBe('id,name\r\n');
    expect(csvText([], ['id', 'name'], true)).toBe('\uFEFFid;name\r\n');
    async function* none() {}
    const stream = csvStream(none(), ['id', 'name'], false);
    const chunks: string[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    await finished(stream);
    const parsed = parse(chunks.join(''), { columns: true, info: true });
    expect(parsed).toEqual([]);
    expect(parse(chunks.join(''))).toEqual([['id', 'name']]);
  });

  it('writes booleans as true and false, and keeps the named column order', () => {
    const text = csvText(
      [
        { done: true, name: 'Anne' },
        { name: 'Bram', done: false },
      ],
      ['name', 'done'],
      false,
    );
    expect(text).toBe('name,done\r\nAnne,true\r\nBram,false\r\n');
  });
});

describe('a CSV stream whose source fails', () => {
  it('ends in that error instead of an unhandled one, and stops reading', { timeout: 5000 }, async () => {
    let finishedReading = false;
    async function* rows() {
      try {
        yield { name: '=1+2' };
        throw new Error('Connection terminated unexpectedly');
      } finally {
        finishedReading = true;
      }
    }
    const stream = csvStream(rows(), ['name'], false);
    const chunks: string[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    await expect(finished(stream)).rejects.toThrow('Connection terminated unexpectedly');
    expect(stream.destroyed).toBe(true);
    expect(finishedReading).toBe(true);
  });

  it('stops reading its source when the reader goes away', async () => {
    let read = 0;
    let stopped = false;
    async function* rows() {
      try {
        for (;;) {
          read += 1;
          yield { n: read };
          await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        stopped = true;
      }
    }
    const stream = csvStream(rows(), ['n'], true);
    stream.once('data', () => stream.destroy());
    await finished(stream).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(true);
    const after = read;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(read).toBe(after);
  });
});

describe('CSV that PostgreSQL writes (COPY)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('ends records in CRLF and collects the young generation every few megabytes where gc is exposed', async () => {
    const collect = vi.fn();
    vi.stubGlobal('gc', collect);
    // 12 MB as COPY sends it: 64 KB chunks whose records (and one quoted line feed) cross chunk boundaries.
    const record = 'id-1,"a cell with a\nline feed",=1\n';
    const text = record.repeat(Math.ceil((12 * 1024 * 1024) / record.length));
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, n) =>
      bytes.subarray(n * 65_536, (n + 1) * 65_536),
    );
    const csv = await copiedCsv(async () => Readable.from(chunks), 'select', false);
    const out: Buffer[] = [];
    for await (const chunk of csv) out.push(chunk as Buffer);
    expect(Buffer.concat(out).toString()).toBe(text.replaceAll('=1\n', '=1\r\n'));
    // What went in and what came out, about 24 MB: a minor collection after each 4 MB.
    expect(collect.mock.calls.length).toBeGreaterThanOrEqual(5);
    expect(collect.mock.calls.length).toBeLessThanOrEqual(6);
    for (const call of collect.mock.calls) expect(call).toEqual([{ type: 'minor' }]);
  });
});
