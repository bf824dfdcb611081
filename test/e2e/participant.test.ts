import { readFile } from 'node:fs/promises';
import { modules } from '@loket/db';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { demoPassword } from '../../api/src/seed';
import { parsePdf } from '../support/pdf';
import { describeViolations, type Stage, screenshot, seriousViolations, signIn, startStage } from './support/harness';

/**
 * A participant's own pages, signed in as the demo participants `pnpm start` prints: Helmond-Peel's
 * finished this autumn's group (certificate issued, evaluations still open), Hilversum's is halfway,
 * Het Markiezaat's took part in the pilot of 2018. On a desktop and on a phone.
 */
let stage: Stage;

const desktop = { width: 1440, height: 900 };
const phone = { width: 390, height: 844 };

beforeAll(async () => {
  stage = await startStage();
});

afterAll(async () => {
  await stage?.close();
});

function participantAt(library: string): string {
  const account = stage.accounts.find((a) => a.role === 'participant' && a.email.endsWith(`@${library}.example`));
  if (!account) throw new Error(`no demo participant at ${library}`);
  return account.email;
}

async function api<T>(email: string, url: string): Promise<T> {
  const token = await stage.app.inject({
    method: 'POST',
    url: '/v1/auth/token',
    payload: { grant_type: 'password', username: email, password: demoPassword },
  });
  const response = await stage.app.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${token.json<{ access_token: string }>().access_token}` },
  });
  expect(response.statusCode, url).toBe(200);
  return response.json<T>();
}

interface Form {
  enrolmentId: string;
  open: boolean;
  items: Array<{
    subjectType: string;
    subjectId: string;
    title: string;
    due: boolean;
    evaluation: { rating: number; answers: Record<string, number>; comment: string | null } | null;
  }>;
}

async function openPage(viewport: { width: number; height: number }) {
  const page = await stage.newPage();
  await page.setViewportSize(viewport);
  page.on('pageerror', (error) => console.error('admin error:', error.message));
  return page;
}

/** Accessible and no wider than the screen: nothing to scroll sideways on a phone. */
async function expectWellFitted(page: Page, viewport: { width: number }) {
  expect(await seriousViolations(page).then(describeViolations)).toEqual([]);
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
}

/** Opens a page of the participant's menu; on a phone the menu is behind its button. */
async function openFromMenu(page: Page, name: string, viewport: { width: number }) {
  if (viewport.width < 600) await page.getByRole('button', { name: 'Menu openen' }).click();
  await page.getByRole('menuitem', { name }).click();
}

async function menuItems(page: Page, viewport: { width: number }) {
  if (viewport.width < 600) await page.getByRole('button', { name: 'Menu openen' }).click();
  await page.getByRole('menuitem').first().waitFor();
  const names = (await page.getByRole('menuitem').allTextContents()).map((n) => n.trim());
  if (viewport.width < 600) {
    // The phone's menu is a dialog over the page: it too must be accessible.
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('menuitem').first().waitFor({ state: 'hidden' });
  }
  return names;
}

describe('a participant who finished the programme', () => {
  for (const [device, viewport] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`sees their track, fills in an evaluation and downloads their certificate (${device})`, async () => {
      const email = participantAt('helmond-peel');
      const [form] = await api<{ data: Form[] }>(email, '/v1/me/evaluation-forms').then((r) => r.data);
      // Whatever was filled in before, an item still asked for: the seed leaves three open.
      const open = form?.items.find((item) => item.due && item.evaluation === null);
      if (!form || !open) throw new Error('the demo participant has nothing left to evaluate');
      const [certificate] = await api<{ data: Array<{ number: string; participantName: string }> }>(
        email,
        `/v1/certificates?enrolmentId=${form.enrolmentId}`,
      ).then((r) => r.data);
      if (!certificate) throw new Error('the demo participant has no certificate');

      const page = await openPage(viewport);
      await signIn(page, stage, email);
      await page.getByRole('heading', { name: 'Mijn leertraject', level: 1 }).waitFor();
      await page.getByText(`Hallo ${certificate.participantName.split(' ')[0]}`).waitFor();
      await page.getByRole('heading', { name: /^Leertraject Bibliotheek Helmond-Peel \d{4}$/, level: 2 }).waitFor();
      await page.getByText('6 van 6 modules afgerond').waitFor();
      await page.getByText('4 van 4 bijeenkomsten bijgewoond').waitFor();
      await page.getByText('Je certificaat is uitgereikt.').waitFor();
      expect(await page.getByRole('heading', { level: 4 }).count()).toBe(6 + 4);
      expect(await menuItems(page, viewport)).toEqual(['Mijn leertraject', 'Evaluaties', 'Certificaat']);
      await screenshot(page, `participant-track-${device}`);
      await expectWellFitted(page, viewport);

      await openFromMenu(page, 'Evaluaties', viewport);
      await page.getByRole('heading', { name: 'Evaluaties', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Het hele leertraject', level: 3 }).waitFor();
      await screenshot(page, `participant-evaluations-${device}`);
      await expectWellFitted(page, viewport);

      await page.getByRole('link', { name: `Invullen: ${open.title}`, exact: true }).click();
      await page.getByRole('heading', { name: `Evaluatie: ${open.title}`, level: 1 }).waitFor();
      for (const question of await page.getByRole('radiogroup').all()) {
        await question.getByRole('radio', { name: '4 – goed' }).check();
      }
      await page
        .getByRole('group', { name: 'Je totaaloordeel' })
        .getByRole('radio', { name: '5 – uitstekend' })
        .check();
      await page
        .getByRole('textbox', { name: 'Toelichting (niet verplicht)' })
        .fill('Het oefenen met doorverwijzen hielp.');
      await screenshot(page, `participant-evaluation-form-${device}`);
      await expectWellFitted(page, viewport);
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await page.getByText('Dank je wel! Je evaluatie is opgeslagen.').waitFor();
      await page.getByRole('heading', { name: 'Evaluaties', level: 1 }).waitFor();
      await page.getByRole('link', { name: `Wijzigen: ${open.title}`, exact: true }).waitFor();

      const [after] = await api<{ data: Form[] }>(email, '/v1/me/evaluation-forms').then((r) => r.data);
      const stored = after?.items.find((item) => item.subjectId === open.subjectId)?.evaluation;
      expect(stored?.rating).toBe(5);
      expect(stored?.comment).toBe('Het oefenen met doorverwijzen hielp.');
      expect(Object.values(stored?.answers ?? {})).toEqual([4, 4]);

      await openFromMenu(page, 'Certificaat', viewport);
      await page.getByRole('heading', { name: `Certificaat ${certificate.number}`, level: 2 }).waitFor();
      await page.getByText('Geldig', { exact: true }).waitFor();
      const verify = page.getByRole('link', { name: /^Openbare controlepagina/ });
      const href = (await verify.getAttribute('href')) ?? '';
      expect(href).toMatch(/^\/verify\/[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      const verification = await stage.app.inject({ method: 'GET', url: href });
      expect(verification.statusCode).toBe(200);
      expect(verification.body).toContain(certificate.number);
      await screenshot(page, `participant-certificate-${device}`);
      await expectWellFitted(page, viewport);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'PDF downloaden' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`certificaat-${certificate.number}.pdf`);
      const parsed = await parsePdf(await readFile(await download.path()));
      expect(parsed.text).toContain(certificate.participantName);
      expect(parsed.text).toContain(certificate.number);
      await page.close();
    });
  }
});

describe('a participant halfway through', () => {
  it('sees what the certificate still needs, the meeting to come, and starts a module that is online', async () => {
    const email = participantAt('hilversum');
    const [mine] = await api<{
      data: Array<{ progress: Array<{ moduleId: string; title: string; status: string }> }>;
    }>(email, '/v1/me/enrolments').then((r) => r.data);
    const next = mine?.progress.find((p) => p.status !== 'completed');
    if (!next) throw new Error('the demo participant has finished');
    // What the content sync stores when content/ names the module's e-learning (launchUrl).
    const launchUrl = 'https://campus.bibliotheek.example/leertraject/module';
    const setLaunchUrl = async (url: string | null) => {
      await stage.database.connection.db.update(modules).set({ launchUrl: url }).where(eq(modules.id, next.moduleId));
    };
    await setLaunchUrl(launchUrl);
    // The module belongs to the programme version other groups follow too: put it back afterwards.
    onTestFinished(() => setLaunchUrl(null));

    const page = await openPage(phone);
    await signIn(page, stage, email);
    await page.getByRole('heading', { name: 'Nog nodig voor je certificaat', level: 3 }).waitFor();
    await page.getByText('bijeenkomst komt nog').first().waitFor();
    await page.getByText('Komt nog', { exact: true }).first().waitFor();
    const start = page.getByRole('button', { name: new RegExp(`^(Starten|Verder gaan): ${next.title}`) });
    // Modules without e-learning online have no start button.
    expect(await page.getByRole('button', { name: /^(Starten|Verder gaan|Opnieuw bekijken):/ }).count()).toBe(1);
    await screenshot(page, 'participant-track-halfway-phone');
    await expectWellFitted(page, phone);
    // Starting launches the module as cmi5 does: a new window on the course, with Loket's launch parameters.
    await page
      .context()
      .route(`${launchUrl}**`, (route) =>
        route.fulfill({ contentType: 'text/html', body: '<title>Module</title><p>E-learning</p>' }),
      );
    const popup = page.waitForEvent('popup');
    await start.click();
    const course = await popup;
    await course.waitForURL((url) => url.href.startsWith(launchUrl));
    const parameters = new URL(course.url()).searchParams;
    expect([...parameters.keys()].sort()).toEqual(['activityId', 'actor', 'endpoint', 'fetch', 'registration']);
    expect(parameters.get('endpoint')).toMatch(/\/v1\/xapi\/$/);
    await course.close();
    // The app bar hides while the page is scrolled down, as it was to reach the button.
    await page.evaluate('window.scrollTo(0, 0)');

    await openFromMenu(page, 'Certificaat', phone);
    await page.getByText(/^Je hebt nog geen certificaat voor Leertraject Bibliotheek Hilversum/).waitFor();
    await page.getByRole('link', { name: 'Bekijk wat er nog nodig is' }).waitFor();
    await expectWellFitted(page, phone);
    await page.close();
  });
});

describe('a participant of the pilot of 2018', () => {
  it('reads their evaluations of a closed group but cannot change them', async () => {
    const page = await openPage(desktop);
    await signIn(page, stage, participantAt('markiezaat'));
    await page.getByRole('heading', { name: 'Pilot Bibliotheek Het Markiezaat 2018', level: 2 }).waitFor();
    await page.getByText('3 van 3 bijeenkomsten bijgewoond').waitFor();
    await page.getByRole('menuitem', { name: 'Evaluaties' }).click();
    await page.getByText('Deze leergroep is afgesloten.', { exact: false }).waitFor();
    expect(await page.getByRole('link', { name: /^(Invullen|Wijzigen):/ }).count()).toBe(0);
    await page
      .getByRole('link', { name: /^Bekijken:/ })
      .first()
      .click();
    await page.getByText('Je kunt deze evaluatie niet meer wijzigen', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Opslaan' }).count()).toBe(0);
    expect(await page.getByRole('radio').count()).toBe(0);
    expect(await page.locator('dt:text-is("Je totaaloordeel") + dd').textContent()).toMatch(/^[1-5] – [a-z]+$/);
    await screenshot(page, 'participant-evaluation-closed');
    await expectWellFitted(page, desktop);
    await page.close();
  });
});

describe('what a participant may open', () => {
  it('shows a participant none of the staff screens, and staff none of the participant pages', async () => {
    const page = await openPage(desktop);
    await signIn(page, stage, participantAt('hilversum'));
    await page.getByRole('heading', { name: 'Mijn leertraject', level: 1 }).waitFor();
    expect(await menuItems(page, desktop)).toEqual(['Mijn leertraject', 'Evaluaties', 'Certificaat']);
    const asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    for (const screen of ['cohorts', 'participants', 'certificates', 'evaluations']) {
      await page.goto(`${stage.baseUrl}/admin/#/${screen}`);
      await page.getByText('Niet gevonden', { exact: false }).first().waitFor();
      expect(await page.getByRole('columnheader').count()).toBe(0);
    }
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);
    // The staff screens were never mounted: they asked the API nothing.
    expect(asked.filter((path) => /^\/v1\/(cohorts|participants|certificates|evaluations)$/.test(path))).toEqual([]);
    await page.close();

    const staff = await openPage(desktop);
    await signIn(staff, stage, 'coordinator@hilversum.example');
    await staff.getByText('Welkom bij Loket').waitFor();
    expect(await staff.getByRole('menuitem', { name: 'Evaluaties' }).count()).toBe(1);
    expect(await staff.getByRole('menuitem', { name: 'Mijn leertraject' }).count()).toBe(0);
    await staff.goto(`${stage.baseUrl}/admin/#/my/certificate`);
    await staff.getByText('Niet gevonden', { exact: false }).first().waitFor();
    await staff.close();
  });
});
