import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { recordsCsv } from '../../admin/src/csv';

/** The admin's list exports are CSV Loket writes too: the same formula-injection rule applies. */
describe("the admin's list export", () => {
  it('neutralises text cells, nested ones and list items included, and keeps numbers', async () => {
    const text = await recordsCsv([
      {
        id: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d',
        givenName: '=HYPERLINK("http://x","y")',
        familyName: '+1+1',
        jobTitle: '\t=1+2',
        version: -1,
        organisation: { name: '@SUM(1)' },
        scopes: ['-2+3'],
      },
    ]);
    const [row] = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(row).toMatchObject({
      givenName: `'=HYPERLINK("http://x","y")`,
      familyName: "'+1+1",
      jobTitle: "'\t=1+2",
      version: '-1',
      'organisation.name': "'@SUM(1)",
      scopes: "'-2+3",
    });
  });

  it('is what every list in the admin exports with', () => {
    const root = new URL('../../admin/src', import.meta.url).pathname;
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tsx'));
    let lists = 0;
    for (const file of files) {
      const source = readFileSync(join(root, file), 'utf8');
      // react-admin's <List …>, not MUI's <List dense> inside a page.
      for (const match of source.matchAll(/<List\s([^>]*)>/g)) {
        if (!source.includes("from 'react-admin'") || /\b(dense|disablePadding)\b/.test(match[1] ?? '')) continue;
        lists += 1;
        expect(match[1], file).toContain('exporter={csvExporter}');
      }
    }
    expect(lists).toBeGreaterThan(8);
  });
});
