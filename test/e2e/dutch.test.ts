import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../../api/src/seed';
import { describeViolations, type Stage, screenshot, seriousViolations, signIn, startStage } from './support/harness';

/**
 * The admin in Dutch and on a phone, as its users meet it: every menu item of every role leads to a
 * screen that says something, the enrolments as a list, an organisation as an overview, refusals in
 * Dutch with names instead of codes, and no page wider than a 390 px phone.
 */
let stage: Stage;

beforeAll(async () => {
  stage = await startStage();
});

afterAll(async () => {
  await stage?.close();
});

async function api<T>(email: string, method: string, url: string, payload?: object): Promise<T> {
  const token = await stage.app.inject({
    method: 'POST',
    url: '/v1/auth/token',
    payload: { grant_type: 'password', username: email, password: demoPassword },
  });
  const response = await stage.app.inject({
    method: method as 'GET',
    url,
    payload,
    headers: { authorization: `Bearer ${token.json<{ access_token: string }>().access_token}` },
  });
  return response.json<T>();
}

/** How wide the page is laid out: wider than the screen means sideways scrolling. */
const pageWidth = (page: Page) => page.evaluate('document.documentElement.scrollWidth') as Promise<number>;

const content = (page: Page) => page.locator('#main-content');

/** The words on the screen hold no untranslated key, no placeholder and no English refusal. */
async function expectDutchScreen(page: Page) {
  const text = await content(page).innerText();
  expect(text).not.toMatch(/%\{|\|\|\|\||\bra\.[a-z_]+\.|\bloket\.[a-z_]+\.|resources\.[a-z-]+\./);
  return text;
}

const roles = [
  'admin@kb.example',
  'adviseur@cubiss.example',
  'coordinator@markiezaat.example',
  'facilitator@markiezaat.example',
];

describe('every menu item leads somewhere useful', () => {
  for (const email of roles) {
    it(`for ${email}`, async () => {
      const page = await stage.newPage();
      await signIn(page, stage, email);
      const menu = page.locator('.RaSidebar-fixed');
      // The staff menu fills in once the permissions are known; every role here has Inschrijvingen.
      await menu.getByRole('menuitem', { name: 'Inschrijvingen' }).waitFor();
      // Without the DOM's types here: each link as the little it is read for.
      type Link = { textContent: string | null; getAttribute(name: string): string | null };
      const items = await menu.getByRole('menuitem').evaluateAll((links) =>
        (links as unknown as Link[]).map((link) => ({
          name: (link.textContent ?? '').trim(),
          href: link.getAttribute('href') ?? '',
        })),
      );
      expect(items.map((item) => item.name)).toContain('Inschrijvingen');
      for (const item of items) {
        await menu.getByRole('menuitem', { name: item.name, exact: true }).click();
        await page.waitForURL((url) => url.hash === item.href.replace(/^.*#/, '#'));
        // A list, an overview or a "nothing here yet": never a blank page.
        await expect
          .poll(async () => (await content(page).innerText()).trim().length, { timeout: 15_000 })
          .toBeGreaterThan(20);
        await page.locator('.MuiLinearProgress-root').waitFor({ state: 'detached' });
        await expectDutchScreen(page);
      }
      await page.close();
    }, 120_000);
  }
});

describe('Inschrijvingen', () => {
  it('lists the enrolments a coordinator may see, by status and by leergroep', async () => {
    const email = 'coordinator@markiezaat.example';
    const page = await stage.newPage();
    await signIn(page, stage, email);
    await page.locator('.RaSidebar-fixed').getByRole('menuitem', { name: 'Inschrijvingen' }).click();
    const all = await api<{ page: { total: number } }>(email, 'GET', '/v1/enrolments?limit=1');
    expect(all.page.total).toBeGreaterThan(0);
    await page.getByText(new RegExp(`van ${all.page.total}$`)).waitFor();
    await screenshot(page, 'enrolments-list');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);

    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Afgerond' }).click();
    const completed = await api<{ page: { total: number } }>(email, 'GET', '/v1/enrolments?limit=1&status=completed');
    expect(completed.page.total).toBeGreaterThan(0);
    expect(completed.page.total).toBeLessThan(all.page.total);
    await page.getByText(new RegExp(`van ${completed.page.total}$`)).waitFor();
    const rows = content(page).locator('tbody tr');
    for (const status of await rows.locator('td').nth(2).allInnerTexts()) expect(status).toBe('Afgerond');

    const cohorts = await api<{ data: Array<{ id: string; name: string }> }>(email, 'GET', '/v1/cohorts?limit=1');
    const cohort = cohorts.data[0];
    if (!cohort) throw new Error('the coordinator has no leergroep');
    const inCohort = await api<{ page: { total: number } }>(
      email,
      'GET',
      `/v1/enrolments?limit=1&status=completed&cohortId=${cohort.id}`,
    );
    await page.getByRole('combobox', { name: 'Leergroep' }).fill(cohort.name);
    await page.getByRole('option', { name: cohort.name }).click();
    await page.waitForURL(new RegExp(encodeURIComponent(cohort.id)));
    if (inCohort.page.total > 0) await page.getByText(new RegExp(`van ${inCohort.page.total}$`)).waitFor();
    else await page.getByText('Inschrijvingen: niets gevonden met deze filters.').waitFor();
    await page.close();
  }, 90_000);
});

describe('an organisation', () => {
  it('opens as an overview, with edit and delete as buttons of their own and a refusal in Dutch', async () => {
    const page = await stage.newPage();
    await signIn(page, stage, 'admin@kb.example');
    await page.goto(`${stage.baseUrl}/admin/#/organisations`);
    await page.getByRole('button', { name: 'Cubiss uitklappen' }).click();
    await page.getByRole('link', { name: 'Bibliotheek Helmond-Peel', exact: true }).click();
    await page.waitForURL(/#\/organisations\/[^/]+\/show/);
    for (const tab of ['Gegevens', 'Leergroepen', 'Deelnemers', 'Bijeenkomsten', 'Certificaten'])
      await page.getByRole('tab', { name: tab, exact: true }).waitFor();
    await page.getByRole('link', { name: 'Bewerken' }).waitFor();
    // An overview, not a form.
    expect(await page.getByRole('textbox', { name: 'Naam' }).count()).toBe(0);
    await page.getByRole('tab', { name: 'Leergroepen' }).click();
    await content(page).locator('tbody tr').first().waitFor();
    await screenshot(page, 'organisation-overview');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);
    await page.getByRole('tab', { name: 'Bijeenkomsten' }).click();
    await content(page).locator('tbody tr').first().waitFor();
    await expectDutchScreen(page);

    await page.getByRole('button', { name: 'Verwijderen' }).click();
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'De organisatie heeft nog' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(
      /^De organisatie heeft nog (\d+ onderliggende organisaties?, )?\d+ deelnemers?, \d+ leergroepen?.*\. Verplaats of verwijder die eerst\.$/,
    );
    await page.close();
  }, 90_000);
});

describe('refusals name what they are about', () => {
  it('lists the missing modules of a leergroep by their titles, in Dutch', async () => {
    const email = 'admin@kb.example';
    const cohorts = await api<{ data: Array<{ id: string; name: string }> }>(
      email,
      'GET',
      '/v1/cohorts?status=running&limit=1',
    );
    const cohort = cohorts.data[0];
    if (!cohort) throw new Error('no running leergroep in the demo');
    const titles = (await api<{ data: Array<{ code: string; title: string }> }>(email, 'GET', '/v1/modules?limit=100'))
      .data;
    const page = await stage.newPage();
    await signIn(page, stage, email);
    await page.goto(`${stage.baseUrl}/admin/#/cohorts/${cohort.id}/show`);
    await page.getByRole('button', { name: 'Certificaten voor de hele leergroep' }).click();
    await page.getByRole('button', { name: 'Start uitreiken' }).click();
    const skipped = page.getByRole('region', { name: 'Overgeslagen deelnemers' });
    await skipped.locator('li').first().waitFor({ timeout: 30_000 });
    const lines = await skipped.locator('li').allInnerTexts();
    const named = lines.join('\n');
    expect(named).toContain('Er ontbreekt nog iets voor het certificaat.');
    // Titles, never the codes the API keys modules by, and Dutch reasons.
    expect(titles.some((m) => named.includes(`Module ${m.title}: `))).toBe(true);
    for (const m of titles) expect(named).not.toContain(`Module ${m.code}:`);
    expect(named).not.toMatch(/not_started|in_progress|not_recorded|completion rule/);
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);
    await page.close();
  }, 90_000);
});

describe('a new library', () => {
  it('explains how certificates come about instead of inviting one to be typed in, and names empty lists', async () => {
    const admin = 'admin@kb.example';
    const pois = await api<{ data: Array<{ id: string; name: string }> }>(
      admin,
      'GET',
      '/v1/organisations?kind=poi&limit=50',
    );
    const cubiss = pois.data.find((o) => o.name === 'Cubiss');
    const library = await api<{ id: string }>(admin, 'POST', '/v1/organisations', {
      kind: 'library',
      parentId: cubiss?.id,
      name: 'Bibliotheek Nieuwdorp',
    });
    await api(admin, 'POST', '/v1/users', {
      email: 'coordinator@nieuwdorp.example',
      displayName: 'Coördinator Nieuwdorp',
      role: 'coordinator',
      organisationId: library.id,
      password: demoPassword,
    });
    const page = await stage.newPage();
    await signIn(page, stage, 'coordinator@nieuwdorp.example');
    await page.locator('.RaSidebar-fixed').getByRole('menuitem', { name: 'Certificaten' }).click();
    await page.getByText('Er zijn nog geen certificaten uitgereikt.').waitFor();
    expect(await page.getByText('Wil je er een toevoegen?').count()).toBe(0);
    await screenshot(page, 'certificates-empty');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);
    await page.locator('.RaSidebar-fixed').getByRole('menuitem', { name: 'Inschrijvingen' }).click();
    await page.getByText('Inschrijvingen: nog niets hier.').waitFor();
    await page.close();
  }, 90_000);
});

describe('on a phone (390×844)', () => {
  const screens = [
    '',
    'cohorts',
    'sessions',
    'enrolments',
    'certificates',
    'evaluations',
    'organisations',
    'participants',
    'users',
    'programmes',
    'modules',
    'audit-events',
    'api-clients',
    'identity-providers',
    'cohorts/create',
    'sessions/create',
    'participants/create',
    'organisations/create',
    'users/create',
  ];

  it('fits every list and main form on the screen, with the user menu and main buttons in reach', async () => {
    const page = await stage.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, stage, 'admin@kb.example');
    const widths: Record<string, number> = {};
    for (const screen of screens) {
      await page.goto(`${stage.baseUrl}/admin/#/${screen}`);
      await expect.poll(async () => (await content(page).innerText()).trim().length).toBeGreaterThan(20);
      await page.locator('.MuiLinearProgress-root').waitFor({ state: 'detached' });
      widths[screen || 'dashboard'] = await pageWidth(page);
      // The user menu is the app bar's last button.
      const user = await page.locator('header button').last().boundingBox();
      expect(user && user.x + user.width, `user menu on ${screen}`).toBeLessThanOrEqual(390);
    }
    expect(Object.entries(widths).filter(([, width]) => width > 390)).toEqual([]);

    await page.goto(`${stage.baseUrl}/admin/#/cohorts`);
    const create = page.getByRole('link', { name: 'Nieuw' });
    const box = await create.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(390);
    expect(box && box.y + box.height).toBeLessThanOrEqual(844);
    // The phone list: one line per leergroep that opens it.
    await content(page).locator('.MuiListItemText-primary').first().click();
    await page.waitForURL(/#\/cohorts\/[^/]+\/show/);
    await page.getByRole('button', { name: 'Menu openen' }).click();
    await page.getByRole('menuitem', { name: 'Inschrijvingen' }).click();
    await page.waitForURL(/#\/enrolments/);
    await content(page).locator('.MuiListItemText-primary').first().waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-enrolments');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);
    await page.goto(`${stage.baseUrl}/admin/#/`);
    await page.getByText('Welkom bij Loket').waitFor();
    await screenshot(page, 'phone-dashboard');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);
    await page.close();
  }, 180_000);
});

describe('the audit log', () => {
  it('shows actions, statuses and records by name, with no ids or JSON', async () => {
    const admin = 'admin@kb.example';
    type Page_ = {
      data: Array<{ id: string; name?: string; parentId?: string | null; organisationId?: string; version: number }>;
    };
    const branch = (await api<Page_>(admin, 'GET', '/v1/organisations?kind=branch&limit=1')).data[0];
    if (!branch?.parentId) throw new Error('no branch in the demo');
    const library = await api<{ name: string }>(admin, 'GET', `/v1/organisations/${branch.parentId}`);
    const people = await api<Page_>(admin, 'GET', `/v1/participants?organisationId=${branch.parentId}&limit=100`);
    const person = people.data.find((p) => p.organisationId === branch.parentId);
    if (!person) throw new Error('nobody works at the library itself');
    const token = await stage.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { grant_type: 'password', username: admin, password: demoPassword },
    });
    const moved = await stage.app.inject({
      method: 'PATCH',
      url: `/v1/participants/${person.id}`,
      payload: { organisationId: branch.id },
      headers: {
        authorization: `Bearer ${token.json<{ access_token: string }>().access_token}`,
        'if-match': `"${person.version}"`,
      },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const planned = (await api<Page_>(admin, 'GET', '/v1/cohorts?status=planned&limit=1')).data[0];
    if (!planned) throw new Error('no planned leergroep in the demo');
    const started = await stage.app.inject({
      method: 'PATCH',
      url: `/v1/cohorts/${planned.id}`,
      payload: { status: 'running' },
      headers: {
        authorization: `Bearer ${token.json<{ access_token: string }>().access_token}`,
        'if-match': `"${planned.version}"`,
      },
    });
    expect(started.statusCode, started.body).toBe(200);

    const page = await stage.newPage();
    await signIn(page, stage, admin);
    await page.goto(`${stage.baseUrl}/admin/#/audit-events`);
    const first = content(page).locator('tbody tr').filter({ hasText: 'Deelnemer gewijzigd' }).first();
    await first.waitFor();
    await first.click();
    const changes = page.getByRole('table', { name: 'Wijzigingen' });
    await changes.getByText(library.name, { exact: true }).waitFor();
    await changes.getByText(branch.name ?? '', { exact: true }).waitFor();
    const text = await changes.innerText();
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|[{}]/);
    await screenshot(page, 'audit-log-names');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);

    // Status changes in words: filter on the leergroepen.
    await page.getByRole('combobox', { name: 'Soort gegeven' }).click();
    await page.getByRole('option', { name: 'Leergroep' }).click();
    const statusRow = content(page).locator('tbody tr').filter({ hasText: 'Leergroep van status veranderd' }).first();
    await statusRow.waitFor();
    await statusRow.click();
    const statusChanges = page.getByRole('table', { name: 'Wijzigingen' }).first();
    expect(await statusChanges.innerText()).toMatch(/Status\s+Gepland\s+Loopt/);
    await expectDutchScreen(page);
    await page.close();
  }, 90_000);
});
