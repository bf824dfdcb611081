import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../../api/src/seed';
import { describeViolations, type Stage, screenshot, seriousViolations, signIn, startStage } from './support/harness';

/**
 * The demo data tells the programme's story, and the KB's dashboard shows it: the pilot of 2018
 * completed and certified in all three libraries, the rollout since, every chart with real figures.
 * Nothing here changes data, and every figure on screen is compared with what the API answers.
 */
let stage: Stage;
let adminToken = '';

const pilotLibraries = ['Bibliotheek Het Markiezaat', 'Bibliotheek Hilversum', 'Bibliotheek Helmond-Peel'];
const number = new Intl.NumberFormat('nl-NL');

beforeAll(async () => {
  stage = await startStage();
  const token = await stage.app.inject({
    method: 'POST',
    url: '/v1/auth/token',
    payload: { grant_type: 'password', username: 'admin@kb.example', password: demoPassword },
  });
  adminToken = token.json<{ access_token: string }>().access_token;
});

afterAll(async () => {
  await stage?.close();
});

async function api<T>(url: string): Promise<T> {
  const response = await stage.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${adminToken}` } });
  expect(response.statusCode, url).toBe(200);
  return response.json<T>();
}

interface RolloutRow {
  libraryId: string;
  libraryName: string;
  poiName: string;
  status: string;
  enrolled: number;
  withdrawn: number;
  certificates: number;
}

/** The figure on a dashboard card, by the card's heading. */
const card = (page: Page, label: string) => page.locator(`h2:text-is("${label}") + p`);

/** The cells of a row of the pilot comparison, by the row's heading. */
async function comparisonRow(page: Page, label: string): Promise<string[]> {
  const row = page.getByRole('row', { name: new RegExp(`^${label.replace(/[()]/g, '\\$&')}`) });
  return (await row.getByRole('cell').allTextContents()).map((cell) => cell.trim());
}

async function expectAccessible(page: Page) {
  expect(await seriousViolations(page).then(describeViolations)).toEqual([]);
}

describe('the demo dashboard of the KB', () => {
  it('shows the whole story: libraries started, people enrolled, certificates issued, every chart drawn', async () => {
    const rollout = (await api<{ rows: RolloutRow[] }>('/v1/reports/rollout')).rows;
    const started = new Set(rollout.filter((r) => r.status !== 'planned').map((r) => r.libraryId));
    const certificates = (await api<{ page: { total: number } }>('/v1/certificates?limit=1')).page.total;
    expect(started.size).toBeGreaterThanOrEqual(3 + 8);
    expect(certificates).toBeGreaterThan(100);

    const page = await stage.newPage();
    await signIn(page, stage, 'admin@kb.example');
    await page.getByText('Je ziet: heel Nederland').waitFor();
    await card(page, 'Bibliotheken gestart').waitFor();
    expect(await card(page, 'Bibliotheken gestart').textContent()).toBe(number.format(started.size));
    expect(await card(page, 'Certificaten uitgereikt').textContent()).toBe(number.format(certificates));
    const enrolled = rollout.reduce((sum, r) => sum + r.enrolled - r.withdrawn, 0);
    expect(await card(page, 'Deelnemers ingeschreven').textContent()).toBe(number.format(enrolled));
    for (const chart of [
      'Voortgang per POI',
      'Certificaten per maand',
      'Voortgang per module',
      'Aanwezigheid per soort bijeenkomst',
    ]) {
      const figure = page.getByRole('figure', { name: chart });
      await figure.locator('svg').first().waitFor();
      expect(await figure.getByText('Nog geen gegevens.').count(), chart).toBe(0);
    }
    // Every POI of the story is in the chart's table (folded away under the chart).
    const perPoi = page.getByRole('figure', { name: 'Voortgang per POI' });
    const pois = (await perPoi.locator('tbody tr td:first-child').allTextContents()).sort();
    expect(pois).toEqual([...new Set(rollout.map((r) => r.poiName))].sort());
    // Certificates from the pilot's February 2019 to these months.
    const months = perMonth(
      await page.getByRole('figure', { name: 'Certificaten per maand' }).locator('tbody tr').allTextContents(),
    );
    expect(months.some((m) => m.includes('2019'))).toBe(true);
    expect(months.some((m) => m.includes(String(new Date().getFullYear())))).toBe(true);
    await screenshot(page, 'dashboard-story');
    await expectAccessible(page);
    await page.close();
  });

  it('shows the pilot completed: phase pilot has its three libraries, fifty people and their certificates', async () => {
    const pilot = (await api<{ rows: RolloutRow[] }>('/v1/reports/rollout?phase=pilot')).rows;
    expect(pilot.map((r) => [r.libraryName, r.status]).sort()).toEqual(
      [...pilotLibraries].sort().map((name) => [name, 'closed']),
    );
    const page = await stage.newPage();
    await signIn(page, stage, 'admin@kb.example');
    await card(page, 'Bibliotheken gestart').waitFor();
    await page.getByRole('combobox', { name: 'Fase' }).click();
    await page.getByRole('option', { name: 'Pilot' }).click();
    await expect.poll(() => card(page, 'Bibliotheken gestart').textContent()).toBe('3');
    const certificates = pilot.reduce((sum, r) => sum + r.certificates, 0);
    expect(certificates).toBeGreaterThan(30);
    await expect.poll(() => card(page, 'Certificaten uitgereikt').textContent()).toBe(number.format(certificates));
    await expect
      .poll(() => card(page, 'Deelnemers ingeschreven').textContent())
      .toBe(number.format(pilot.reduce((sum, r) => sum + r.enrolled - r.withdrawn, 0)));
    await screenshot(page, 'dashboard-story-pilot-phase');
    await page.close();
  });

  it('compares the three pilot libraries side by side with real figures', async () => {
    const pilot = (await api<{ rows: RolloutRow[] }>('/v1/reports/rollout?phase=pilot')).rows;
    const page = await stage.newPage();
    await signIn(page, stage, 'admin@kb.example');
    await page.getByRole('tab', { name: 'Pilotvergelijking' }).click();
    const headers = page.getByRole('columnheader');
    await headers.filter({ hasText: 'Bibliotheek Hilversum' }).first().waitFor();
    const columns = (await page.getByRole('row').first().getByRole('columnheader').allTextContents()).slice(1);
    expect([...columns].sort()).toEqual([...pilotLibraries].sort());

    const of = (row: RolloutRow[], name: string) => row.find((r) => r.libraryName === name);
    expect(await comparisonRow(page, 'Ingeschreven deelnemers')).toEqual(
      columns.map((name) => {
        const row = of(pilot, name);
        return String((row?.enrolled ?? 0) - (row?.withdrawn ?? 0));
      }),
    );
    expect(await comparisonRow(page, 'Certificaten (geldig)')).toEqual(
      columns.map((name) => String(of(pilot, name)?.certificates)),
    );
    for (const value of await comparisonRow(page, 'Certificaten (geldig)')) expect(Number(value)).toBeGreaterThan(0);
    for (const label of ['Modules afgerond', 'Aanwezigheid bij bijeenkomsten']) {
      for (const value of await comparisonRow(page, label)) expect(value, label).toMatch(/^\d{1,3},\d%$/);
    }
    for (const subject of ['modules', 'bijeenkomsten', 'traject']) {
      for (const value of await comparisonRow(page, `Gemiddelde evaluatie (${subject})`)) {
        expect(value, subject).toMatch(/^[1-5],\d \/ 5$/);
      }
    }
    for (const chart of ['Afgeronde modules per bibliotheek', 'Evaluaties per bibliotheek']) {
      await page.getByRole('figure', { name: chart }).locator('svg').first().waitFor();
    }
    await screenshot(page, 'dashboard-story-pilot');
    await expectAccessible(page);
    await page.close();
  });
});

/** The month rows of the certificates chart's table ("feb 2019 12 0"), without its header. */
function perMonth(rows: string[]): string[] {
  return rows.filter((row) => /\d{4}/.test(row));
}
