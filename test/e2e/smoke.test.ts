import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeViolations,
  type Stage,
  screenshot,
  seriousViolations,
  signIn,
  startStage,
  totalOf,
} from './support/harness';

let stage: Stage;

beforeAll(async () => {
  stage = await startStage();
});

afterAll(async () => {
  await stage?.close();
});

describe('the admin, signed in as a POI adviser', () => {
  it('greets in Dutch and lists only the participants of the adviser’s province', async () => {
    const page = await stage.newPage();
    await page.goto(`${stage.baseUrl}/admin/`);
    await expect.poll(() => page.getByRole('button', { name: 'Aanmelden' }).isVisible()).toBe(true);
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);
    await screenshot(page, 'login');

    await signIn(page, stage, 'adviseur@cubiss.example');
    await page.getByText('Welkom bij Loket').waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('nl');
    await screenshot(page, 'dashboard');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);

    await page.goto(`${stage.baseUrl}/admin/#/participants`);
    await page.getByRole('columnheader', { name: 'Achternaam' }).waitFor();
    const inProvince = await totalOf(stage, 'adviseur@cubiss.example', '/v1/participants');
    const everywhere = await totalOf(stage, 'admin@kb.example', '/v1/participants');
    expect(inProvince).toBeLessThan(everywhere);
    await page.getByText(`1-10 van ${inProvince}`).waitFor();
    await screenshot(page, 'participants');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);
    await page.close();
  });
});
