import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, type Stage, screenshot, seriousViolations, signIn, startStage } from './support/harness';

let stage: Stage;

beforeAll(async () => {
  stage = await startStage();
});

afterAll(async () => {
  await stage?.close();
});

const tree = (page: Awaited<ReturnType<Stage['newPage']>>) => page.getByRole('list', { name: 'Organisatieboom' });

describe('the organisations tree', () => {
  it('shows a POI adviser their province only, with counts that lead to filtered lists', async () => {
    const page = await stage.newPage();
    await signIn(page, stage, 'adviseur@cubiss.example');
    const menu = page.locator('.RaSidebar-fixed');
    await screenshot(page, 'menu-adviser');
    await menu.getByText('Organisaties & mensen').waitFor();
    await menu.getByRole('menuitem', { name: 'Auditlog' }).waitFor();
    await menu.getByText('Beheer').waitFor();

    await page.goto(`${stage.baseUrl}/admin/#/organisations`);
    await tree(page).getByRole('link', { name: 'Bibliotheek Helmond-Peel', exact: true }).waitFor();
    await tree(page).getByRole('link', { name: 'Cubiss' }).waitFor();
    await tree(page).getByRole('link', { name: 'Bibliotheek Het Markiezaat', exact: true }).waitFor();
    expect(await page.getByText('ProBiblio').count()).toBe(0);
    expect(await page.getByText('Bibliotheek Hilversum').count()).toBe(0);

    await page.getByRole('button', { name: 'Bibliotheek Helmond-Peel uitklappen' }).click();
    await expect
      .poll(() =>
        page.getByRole('button', { name: 'Bibliotheek Helmond-Peel inklappen' }).getAttribute('aria-expanded'),
      )
      .toBe('true');
    await tree(page).getByText('Vestiging').first().waitFor();
    await page
      .getByText(/^\d+ deelnemers$/)
      .first()
      .waitFor();
    await screenshot(page, 'organisations-tree-adviser');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);

    // The library's row: its participants link names the number the filtered list then shows.
    const row = tree(page)
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: 'Bibliotheek Helmond-Peel', exact: true }) })
      .first();
    const link = row.getByRole('link', { name: /^\d+ deelnemers$/ }).first();
    const count = Number((await link.textContent())?.split(' ')[0]);
    expect(count).toBeGreaterThan(0);
    await link.click();
    await page.waitForURL(/#\/participants\?filter=/);
    await page.getByText(`1-10 van ${count}`).waitFor();
    await page.close();
  });

  it('shows a coordinator their own library, without the audit log', async () => {
    const page = await stage.newPage();
    await signIn(page, stage, 'coordinator@markiezaat.example');
    await page.goto(`${stage.baseUrl}/admin/#/organisations`);
    await tree(page).getByRole('link', { name: 'Bibliotheek Het Markiezaat', exact: true }).waitFor();
    await tree(page).getByText('Vestiging').first().waitFor();
    expect(await page.getByText('Cubiss').count()).toBe(0);
    expect(await page.getByText('Bibliotheek Helmond-Peel').count()).toBe(0);
    const menu = page.locator('.RaSidebar-fixed');
    await menu.getByRole('menuitem', { name: 'Organisaties' }).waitFor();
    expect(await menu.getByRole('menuitem', { name: 'Auditlog' }).count()).toBe(0);
    expect(await menu.getByText('Beheer').count()).toBe(0);
    await screenshot(page, 'organisations-tree-coordinator');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);

    await page.getByRole('button', { name: 'Tabel' }).click();
    await page.getByRole('columnheader', { name: 'Naam' }).waitFor();
    await screenshot(page, 'organisations-table-coordinator');
    await page.close();
  });

  it('shows KB staff the whole country from the KB down', async () => {
    const page = await stage.newPage();
    await signIn(page, stage, 'admin@kb.example');
    await page.goto(`${stage.baseUrl}/admin/#/organisations`);
    await tree(page).getByRole('link', { name: 'Cubiss' }).waitFor();
    await tree(page).getByRole('link', { name: 'ProBiblio' }).waitFor();
    await page.getByRole('button', { name: 'ProBiblio uitklappen' }).click();
    await tree(page).getByRole('link', { name: 'Bibliotheek Hilversum', exact: true }).waitFor();
    await page
      .getByText(/^\d+ leergroep(en)?$/)
      .first()
      .waitFor();
    await screenshot(page, 'organisations-tree-admin');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);
    await page.close();
  });
});
