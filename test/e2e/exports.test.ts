import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../../api/src/seed';
import { type Stage, signIn, startStage } from './support/harness';

/** The admin's own list export is a CSV Loket writes: a name that is a formula comes out as text. */
let stage: Stage;
const formula = '=HYPERLINK("http://x","y")';

beforeAll(async () => {
  stage = await startStage();
  const signedIn = await stage.app.inject({
    method: 'POST',
    url: '/v1/auth/token',
    payload: { grant_type: 'password', username: 'admin@kb.example', password: demoPassword },
  });
  const headers = { authorization: `Bearer ${signedIn.json<{ access_token: string }>().access_token}` };
  const library = await stage.app.inject({ method: 'GET', url: '/v1/organisations?kind=library&limit=1', headers });
  const created = await stage.app.inject({
    method: 'POST',
    url: '/v1/participants',
    headers,
    payload: {
      organisationId: library.json<{ data: Array<{ id: string }> }>().data[0]?.id,
      givenName: formula,
      familyName: '+1+1',
      email: 'formule@export.example',
    },
  });
  expect(created.statusCode, created.body).toBe(201);
});

afterAll(async () => {
  await stage?.close();
});

describe("the participants list's export", () => {
  it('downloads a CSV whose formula-like cells start with a quote', async () => {
    const page = await stage.newPage();
    await signIn(page, stage, 'admin@kb.example');
    await page.goto(`${stage.baseUrl}/admin/#/participants?filter=${encodeURIComponent('{"q":"formule@export"}')}`);
    await page.getByText('1-1 van 1').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporteren' }).click(),
    ]);
    const rows = parse(await readFile(await download.path(), 'utf8'), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ givenName: `'${formula}`, familyName: "'+1+1", email: 'formule@export.example' });
    await page.close();
  });
});
