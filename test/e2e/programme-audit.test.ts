import { loadContent, modules, programmeVersions, syncContent } from '@loket/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, type Stage, screenshot, seriousViolations, signIn, startStage } from './support/harness';

let stage: Stage;
const changes = 'Versie 3: BoekStart herschreven voor de nieuwe voorleesaanpak';

beforeAll(async () => {
  stage = await startStage();
  // The story has version 1 (the pilot) and version 2 (published in 2019); a changed content/ folder
  // synced now: a draft version 3 waiting to be published.
  const content = await loadContent();
  await syncContent(stage.database.connection.db, { ...content, summary: changes, contentHash: 'e2e-versie-3' });
});

afterAll(async () => {
  await stage?.close();
});

describe('the programme and the audit log', () => {
  it('lets KB staff publish a new version, which the audit log then shows', async () => {
    const page = await stage.newPage();
    await signIn(page, stage, 'admin@kb.example');
    await page.goto(`${stage.baseUrl}/admin/#/programmes`);
    await page.getByRole('cell', { name: 'Leertraject Frontoffice en basisvaardigheden' }).click();
    await page.getByRole('heading', { name: 'Versiegeschiedenis' }).waitFor();
    // The description's Markdown is rendered, not shown as written.
    await page.getByRole('heading', { name: 'Afronding' }).waitFor();
    const draft = page.getByRole('row').filter({ hasText: changes });
    await draft.getByText('Concept').waitFor();
    await screenshot(page, 'programme-versions');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);

    await draft.getByRole('button', { name: 'Nieuwe versie publiceren' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Versie 3 publiceren?').waitFor();
    await screenshot(page, 'programme-publish-confirm');
    await dialog.getByRole('button', { name: 'Nieuwe versie publiceren' }).click();
    await page.getByText('Versie 3 is gepubliceerd').waitFor();
    await draft.getByText('Gepubliceerd').waitFor();
    await page.getByRole('row').filter({ hasText: 'Versie 2' }).getByText('Vervallen').waitFor();
    expect(await page.getByRole('button', { name: 'Nieuwe versie publiceren' }).count()).toBe(0);
    // Let the chips' colour transition finish, so the screenshot shows the settled screen.
    await page.waitForTimeout(500);
    await screenshot(page, 'programme-published');

    await page.goto(`${stage.baseUrl}/admin/#/audit-events`);
    const published = page.getByRole('row').filter({ hasText: 'Programmaversie gepubliceerd' });
    await published.waitFor();
    await published.getByText('Beheerder KB').waitFor();
    await published.getByText('Versie 3').waitFor();
    await published.getByText('Programmaversie gepubliceerd').click();
    const diff = page.getByRole('table', { name: 'Wijzigingen' });
    await diff.waitFor();
    const status = diff.getByRole('row').filter({ hasText: 'Status' });
    expect(await status.getByRole('cell').allTextContents()).toEqual(['Concept', 'Gepubliceerd']);
    await screenshot(page, 'audit-log');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);

    await page.getByRole('button', { name: 'Beheerder KB', exact: true }).first().click();
    await page.getByText('Alleen wijzigingen door Beheerder KB').waitFor();
    await page.close();
  });

  it('lets KB staff draft a new version from the published one: fewer modules, another meeting plan', async () => {
    const page = await stage.newPage();
    await signIn(page, stage, 'admin@kb.example');
    await page.goto(`${stage.baseUrl}/admin/#/programmes`);
    await page.getByRole('cell', { name: 'Leertraject Frontoffice en basisvaardigheden' }).click();
    await page.getByRole('button', { name: 'Nieuwe versie opstellen' }).click();
    const dialog = page.getByRole('dialog');
    // Prefilled from the published version 3: all six modules, its four meetings in order.
    const bos = dialog.getByRole('checkbox', { name: 'De Bibliotheek op school en voortgezet onderwijs' });
    await bos.waitFor();
    const chosenModules = dialog.getByRole('group', { name: 'Modules' }).getByRole('checkbox', { checked: true });
    expect(await chosenModules.count()).toBe(6);
    const meetingRows = dialog.locator('[data-meeting]');
    const order = async () => {
      const titles: Array<string | null> = [];
      for (let i = 0; i < (await meetingRows.count()); i++)
        titles.push(await meetingRows.nth(i).getAttribute('data-meeting'));
      return titles;
    };
    expect(await order()).toEqual(['Kick-off', 'Teambijeenkomst 1', 'Teambijeenkomst 2', 'Slotbijeenkomst']);
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);

    await dialog
      .getByRole('textbox', { name: 'Wat verandert er?' })
      .fill('Versie 4: zonder Bibliotheek op school, drie bijeenkomsten');
    await bos.uncheck();
    await dialog.getByRole('checkbox', { name: 'Teambijeenkomst 2' }).uncheck();
    await dialog.getByRole('button', { name: 'Slotbijeenkomst eerder' }).click();
    expect(await order()).toEqual(['Kick-off', 'Teambijeenkomst 1', 'Slotbijeenkomst', 'Teambijeenkomst 2']);
    await dialog.getByRole('spinbutton', { name: 'Week (Slotbijeenkomst)' }).fill('9');
    await dialog.getByRole('spinbutton', { name: 'Duur in minuten (Slotbijeenkomst)' }).fill('60');
    await screenshot(page, 'programme-draft');
    await dialog.getByRole('button', { name: 'Concept opslaan' }).click();
    await page.getByText('Versie 4 staat als concept klaar').waitFor();

    const draft = page.getByRole('row').filter({ hasText: 'Versie 4: zonder Bibliotheek op school' });
    await draft.getByText('Concept').waitFor();
    await draft.getByRole('button', { name: 'Nieuwe versie publiceren' }).waitFor();
    // What the API stored: the admin's choices, the texts as content/ has them.
    const db = stage.database.connection.db;
    const [stored] = await db.select().from(programmeVersions).where(eq(programmeVersions.number, 4));
    expect(stored?.status).toBe('draft');
    expect(stored?.meetingPlan.map((m) => [m.title, m.weekOffset, m.durationMinutes])).toEqual([
      ['Kick-off', 0, 120],
      ['Teambijeenkomst 1', 3, 120],
      ['Slotbijeenkomst', 9, 60],
    ]);
    const kept = await db
      .select({ code: modules.code })
      .from(modules)
      .where(eq(modules.programmeVersionId, stored?.id ?? ''));
    expect(kept.map((m) => m.code).sort()).toEqual([
      'boekstart',
      'digitaalhuis',
      'landelijke-context',
      'nieuwe-klanten',
      'onze-activiteiten',
    ]);
    await page.close();
  });

  it('offers no draft to an adviser', async () => {
    const page = await stage.newPage();
    await signIn(page, stage, 'adviseur@probiblio.example');
    await page.goto(`${stage.baseUrl}/admin/#/programmes`);
    await page.getByRole('cell', { name: 'Leertraject Frontoffice en basisvaardigheden' }).click();
    await page.getByRole('heading', { name: 'Versiegeschiedenis' }).waitFor();
    expect(await page.getByRole('button', { name: 'Nieuwe versie opstellen' }).count()).toBe(0);
    await page.close();
  });

  it('shows a module’s text, and keeps national changes from an adviser’s audit log', async () => {
    const page = await stage.newPage();
    await signIn(page, stage, 'adviseur@probiblio.example');
    await page.goto(`${stage.baseUrl}/admin/#/modules`);
    await page.getByRole('cell', { name: 'BoekStart' }).click();
    await page.getByText('Inhoud', { exact: true }).waitFor();
    // The module's Markdown arrives as HTML and reads as headings and paragraphs.
    await page.getByRole('heading', { name: 'Waarom BoekStart?' }).waitFor();
    await screenshot(page, 'module');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);

    await page.goto(`${stage.baseUrl}/admin/#/audit-events`);
    await page.getByRole('columnheader', { name: 'Tijdstip' }).waitFor();
    await page.getByRole('row').nth(1).waitFor();
    expect(await page.getByText('Programmaversie gepubliceerd').count()).toBe(0);
    await page.close();
  });
});
