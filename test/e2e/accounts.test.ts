import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, type Stage, screenshot, seriousViolations, signIn, startStage } from './support/harness';

let stage: Stage;

beforeAll(async () => {
  stage = await startStage();
});

afterAll(async () => {
  await stage?.close();
});

describe('accounts and API clients, for KB staff', () => {
  it('lists the demo accounts with their roles', async () => {
    const page = await stage.newPage();
    await signIn(page, stage, 'admin@kb.example');
    await page.getByRole('menuitem', { name: 'Gebruikers' }).click();
    await page.getByRole('cell', { name: 'adviseur@cubiss.example' }).waitFor();
    expect(await page.getByRole('cell', { name: 'POI-adviseur' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'users');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);
    await page.close();
  });

  it('creates an API client, shows its secret once, and revokes it', async () => {
    const page = await stage.newPage();
    await signIn(page, stage, 'admin@kb.example');
    await page.goto(`${stage.baseUrl}/admin/#/api-clients/create`);
    await page.getByLabel('Naam').fill('Leerplatform Bibliotheek Campus');
    await page.getByLabel('Voortgang melden (e-learning)').check();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Gegevens voor Leerplatform Bibliotheek Campus' });
    await dialog.waitFor();
    const secret = await dialog.getByLabel('Client-geheim').inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await screenshot(page, 'api-client-secret');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);
    await dialog.getByRole('button', { name: 'Ik heb het geheim bewaard' }).click();

    const row = page.getByRole('row').filter({ hasText: 'Leerplatform Bibliotheek Campus' });
    await row.waitFor();
    expect(await page.getByText(secret).count()).toBe(0);
    await row.getByRole('button', { name: 'Intrekken' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Intrekken' }).click();
    await page.getByText('Leerplatform Bibliotheek Campus is ingetrokken').waitFor();
    await expect.poll(() => row.getByRole('button', { name: 'Intrekken' }).count()).toBe(0);
    await screenshot(page, 'api-clients');
    await page.close();
  });

  it('keeps accounts and API clients out of an adviser’s menu', async () => {
    const page = await stage.newPage();
    await signIn(page, stage, 'adviseur@cubiss.example');
    await page.getByRole('menuitem', { name: 'Auditlog' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Gebruikers' }).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: 'API-clients' }).count()).toBe(0);
    await page.close();
  });
});
