import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parsePdf } from '../support/pdf';
import {
  apiWith,
  expectAccessible,
  type Stage,
  screenshot,
  signIn,
  startStage,
  tokenOf,
  totalOf,
} from './support/harness';

/**
 * Certificates, the dashboard and the evaluations, through the admin as KB staff and a POI adviser.
 * The groups running now (Hilversum and Amersfoort in the story seed) have nobody who completed
 * everything yet, so the setup completes the modules and records the meetings of a few people
 * through the API, issues and revokes one certificate, and lets the demo participants of open groups
 * evaluate. Each test prepares what it needs and opens its own page, so none depends on another's
 * outcome.
 */
let stage: Stage;

interface Enrolment {
  id: string;
  status: string;
  participant: { givenName: string; nameInfix: string | null; familyName: string };
}

const fullName = (p: Enrolment['participant']) => [p.givenName, p.nameInfix, p.familyName].filter(Boolean).join(' ');

interface Cohort {
  id: string;
  name: string;
  status: string;
  modules: Array<{ id: string; code: string }>;
}

/**
 * Completes every module and records presence at every meeting: the completion rule then holds. The
 * group runs now, so its meetings still to come are first moved to yesterday, as if they were held.
 */
async function makeEligible(admin: string, cohort: Cohort, enrolments: Enrolment[]) {
  for (const enrolment of enrolments) {
    for (const module of cohort.modules) {
      await apiWith(stage, admin, 'PUT', `/v1/enrolments/${enrolment.id}/progress/${module.code}`, {
        status: 'completed',
      });
    }
  }
  const sessions = (
    await apiWith<{ data: Array<{ id: string; startsAt: string; version: number }> }>(
      stage,
      admin,
      'GET',
      `/v1/sessions?cohortId=${cohort.id}`,
    )
  ).data;
  for (const [index, session] of sessions.entries()) {
    if (new Date(session.startsAt) > new Date()) {
      const start = Date.now() - 86_400_000 + index * 60_000;
      const moved = { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 5_400_000).toISOString() };
      await apiWith(stage, admin, 'PATCH', `/v1/sessions/${session.id}`, moved, session.version);
    }
    await apiWith(stage, admin, 'PUT', `/v1/sessions/${session.id}/attendance`, {
      records: enrolments.map((e) => ({ enrolmentId: e.id, status: 'present' })),
    });
  }
}

const cohorts: Record<'hilversum' | 'amersfoort', Cohort> = {} as never;
let eligible: Enrolment[] = [];
let notEligible: Enrolment | undefined;
let adminToken = '';

interface IssuedCertificate {
  id: string;
  number: string;
}

const issueThroughApi = (enrolment: Enrolment) =>
  apiWith<IssuedCertificate>(stage, adminToken, 'POST', '/v1/certificates', { enrolmentId: enrolment.id });

beforeAll(async () => {
  stage = await startStage();
  const admin = await tokenOf(stage, 'admin@kb.example');
  adminToken = admin;
  const running = (await apiWith<{ data: Cohort[] }>(stage, admin, 'GET', '/v1/cohorts?status=running&limit=50')).data;
  const runningAt = (library: string) => {
    const cohort = running.find((c) => new RegExp(`^Leertraject ${library} \\d{4}$`).test(c.name));
    if (!cohort) throw new Error(`no group running at ${library}`);
    return cohort;
  };
  cohorts.hilversum = runningAt('Bibliotheek Hilversum');
  cohorts.amersfoort = runningAt('Bibliotheek Amersfoort');
  const enrolmentsOf = async (cohort: Cohort) =>
    (
      await apiWith<{ data: Enrolment[] }>(stage, admin, 'GET', `/v1/enrolments?cohortId=${cohort.id}&limit=200`)
    ).data.filter((e) => e.status !== 'withdrawn');
  const hilversum = await enrolmentsOf(cohorts.hilversum);
  eligible = hilversum.slice(0, 4);
  notEligible = hilversum[hilversum.length - 1];
  await makeEligible(admin, cohorts.hilversum, eligible);
  await makeEligible(admin, cohorts.amersfoort, (await enrolmentsOf(cohorts.amersfoort)).slice(0, 3));
  // One certificate revoked before any test runs: the dashboard always has a revocation to show.
  const [, , , revokedBeforehand] = eligible;
  if (!revokedBeforehand) throw new Error('setup: the Hilversum group needs four enrolments');
  const revoked = await issueThroughApi(revokedBeforehand);
  await apiWith(stage, admin, 'POST', `/v1/certificates/${revoked.id}/revoke`, { reason: 'Dubbel uitgereikt' });

  // Each demo participant in a group still open evaluates a module they completed and did not evaluate yet.
  for (const [i, account] of stage.accounts.filter((a) => a.role === 'participant').entries()) {
    const token = await tokenOf(stage, account.email);
    const forms = (
      await apiWith<{
        data: Array<{
          enrolmentId: string;
          open: boolean;
          items: Array<{ subjectType: string; subjectId: string; due: boolean; evaluation: unknown }>;
        }>;
      }>(stage, token, 'GET', '/v1/me/evaluation-forms')
    ).data;
    const form = forms.find((f) => f.open);
    const module = form?.items.find((item) => item.subjectType === 'module' && item.due && !item.evaluation);
    if (!form || !module) continue;
    await apiWith(stage, token, 'POST', '/v1/evaluations', {
      enrolmentId: form.enrolmentId,
      subjectType: 'module',
      subjectId: module.subjectId,
      rating: 3 + (i % 3),
      answers: { 'module-relevantie': 4, 'module-duidelijkheid': 3 + (i % 3) },
      comment: `Praktische voorbeelden voor aan de balie (${account.organisation}).`,
    });
  }
});

afterAll(async () => {
  await stage?.close();
});

async function chooseCohort(page: Page, name: string) {
  await page.goto(`${stage.baseUrl}/admin/#/certificates/create`);
  await page.getByRole('heading', { name: 'Certificaten uitreiken', level: 1 }).waitFor();
  await page.getByRole('combobox', { name: 'Leergroep' }).fill(name);
  await page.getByRole('option', { name }).click();
}

describe('certificates in the admin, as KB staff', () => {
  let page: Page;

  beforeEach(async () => {
    page = await stage.newPage();
    await signIn(page, stage, 'admin@kb.example');
  });

  afterEach(async () => {
    await page.close();
  });

  it('issues the certificate of an eligible enrolment, and explains why another cannot have one yet', async () => {
    await chooseCohort(page, cohorts.hilversum.name);
    const [first] = eligible;
    if (!first || !notEligible) throw new Error('setup');
    const refusedRow = page.getByRole('row', { name: new RegExp(fullName(notEligible.participant)) });
    await refusedRow.getByRole('button', { name: 'Certificaat uitreiken' }).click();
    const refusal = page.getByRole('dialog', { name: 'Het certificaat kan nog niet worden uitgereikt' });
    await refusal.getByText('Wat er nog ontbreekt:').waitFor();
    await expect.poll(() => refusal.getByRole('listitem').count()).toBeGreaterThan(0);
    await screenshot(page, 'certificate-refused');
    await expectAccessible(page);
    await refusal.getByRole('button', { name: 'Sluiten' }).click();

    const row = page.getByRole('row', { name: new RegExp(fullName(first.participant)) });
    await row.getByRole('button', { name: 'Certificaat uitreiken' }).click();
    const link = row.getByRole('link', { name: /^LFB-\d{4}-\d{6}$/ });
    await link.waitFor();
    const certificateNumber = (await link.textContent()) ?? '';
    await page.getByText(`Certificaat ${certificateNumber} is uitgereikt.`).waitFor();
    await screenshot(page, 'certificate-issue');
    await expectAccessible(page);
  });

  it('shows the certificate with its public verification link, and downloads its PDF', async () => {
    const [, second] = eligible;
    if (!second) throw new Error('setup');
    const certificate = await issueThroughApi(second);
    await page.goto(`${stage.baseUrl}/admin/#/certificates/${certificate.id}/show`);
    await page.getByText('Openbare controlepagina').waitFor();
    const verify = page.getByRole('link', { name: /\/verify\/[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/ });
    expect(await verify.getAttribute('href')).toMatch(/^\/verify\/[0-9A-Z-]{17}$/);
    await page.getByText(fullName(second.participant)).waitFor();
    await page.getByText('Geldig', { exact: true }).waitFor();
    await screenshot(page, 'certificate-show');
    await expectAccessible(page);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'PDF downloaden' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`certificaat-${certificate.number}.pdf`);
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const parsed = await parsePdf(pdf);
    expect(parsed.text).toContain(fullName(second.participant));
    expect(parsed.text).toContain(certificate.number);
  });

  it('revokes the certificate only with a reason and a confirmation', async () => {
    const [, , third] = eligible;
    if (!third) throw new Error('setup');
    const { id, number: certificateNumber } = await issueThroughApi(third);
    await page.goto(`${stage.baseUrl}/admin/#/certificates/${id}/show`);
    await page.getByRole('button', { name: 'Intrekken' }).click();
    const dialog = page.getByRole('dialog', { name: `Certificaat ${certificateNumber} intrekken` });
    const submit = dialog.getByRole('button', { name: 'Definitief intrekken' });
    expect(await submit.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Reden van intrekking' }).fill('Per abuis');
    expect(await submit.isDisabled()).toBe(true);
    await dialog.getByRole('checkbox', { name: 'Ik weet zeker dat ik dit certificaat wil intrekken.' }).check();
    await screenshot(page, 'certificate-revoke');
    await expectAccessible(page);
    await submit.click();
    await page.getByText(`Certificaat ${certificateNumber} is ingetrokken.`).waitFor();
    await page.getByText('Ingetrokken', { exact: true }).first().waitFor();
    await page.getByText('Per abuis').waitFor();
    expect(await page.getByRole('button', { name: 'Intrekken' }).count()).toBe(0);

    await page.goto(`${stage.baseUrl}/admin/#/certificates`);
    await page.getByRole('columnheader', { name: 'Nummer' }).waitFor();
    const listed = page.getByRole('row', { name: new RegExp(certificateNumber) });
    await listed.getByText('Ingetrokken').waitFor();
    await screenshot(page, 'certificates');
    await expectAccessible(page);
  });

  it('issues a whole cohort in the background, the bar running to the end', async () => {
    await chooseCohort(page, cohorts.amersfoort.name);
    await page.getByRole('button', { name: 'Certificaten voor de hele leergroep' }).click();
    const dialog = page.getByRole('dialog', { name: 'Certificaten uitreiken aan de hele leergroep' });
    await dialog.getByRole('button', { name: 'Start uitreiken' }).click();
    await dialog.getByText(/^Klaar: 3 certificaten uitgereikt, \d+ overgeslagen\.$/).waitFor({ timeout: 60_000 });
    expect(await dialog.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await dialog.getByText('Uitgereikt: 3').waitFor();
    await dialog.getByText('Overgeslagen deelnemers').waitFor();
    await screenshot(page, 'certificates-cohort');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Sluiten' }).click();
    await expect.poll(() => page.getByRole('link', { name: /^LFB-\d{4}-\d{6}$/ }).count()).toBe(3);
  });

  it('shows the rollout dashboard with its charts, and the pilot libraries side by side', async () => {
    await page.goto(`${stage.baseUrl}/admin/#/`);
    await page.getByText('Je ziet: heel Nederland').waitFor();
    await page.getByText('Certificaten uitgereikt').waitFor();
    for (const chart of ['Voortgang per POI', 'Certificaten per maand', 'Voortgang per module']) {
      await page.getByRole('figure', { name: chart }).locator('svg').first().waitFor();
    }
    // The card agrees with the API on how many were revoked (the setup revoked one; others may have since).
    const revoked = await totalOf(stage, 'admin@kb.example', '/v1/certificates?revoked=true');
    expect(revoked).toBeGreaterThan(0);
    await page.getByText(`${revoked} daarvan ingetrokken`).waitFor();
    await screenshot(page, 'dashboard-admin');
    await expectAccessible(page);

    await page.getByRole('tab', { name: 'Pilotvergelijking' }).click();
    for (const library of ['Bibliotheek Het Markiezaat', 'Bibliotheek Hilversum', 'Bibliotheek Helmond-Peel']) {
      await page.getByRole('columnheader', { name: library }).first().waitFor();
    }
    await page.getByRole('rowheader', { name: 'Gemiddelde evaluatie (modules)' }).waitFor();
    await page.getByRole('figure', { name: 'Afgeronde modules per bibliotheek' }).locator('svg').first().waitFor();
    await screenshot(page, 'dashboard-pilot');
    await expectAccessible(page);
  });

  it('summarises the evaluations per library and per question, with the comments', async () => {
    await page.goto(`${stage.baseUrl}/admin/#/evaluations`);
    await page.getByRole('heading', { name: 'Evaluaties', level: 1 }).waitFor();
    await page.getByRole('rowheader', { name: 'Bibliotheek Hilversum' }).first().waitFor();
    await page.getByText('Hoe bruikbaar is deze module voor je werk aan de balie?').first().waitFor();
    await page
      .getByText(/Praktische voorbeelden voor aan de balie/)
      .first()
      .waitFor();
    await screenshot(page, 'evaluations');
    await expectAccessible(page);
  });
});

describe('the dashboard of a POI adviser', () => {
  it('says it shows the adviser’s province', async () => {
    const page = await stage.newPage();
    await signIn(page, stage, 'adviseur@cubiss.example');
    await page.getByText('Je ziet: de bibliotheken van Cubiss').waitFor();
    await page.getByRole('figure', { name: 'Voortgang per POI' }).locator('svg').first().waitFor();
    expect(await page.getByRole('rowheader', { name: 'ProBiblio' }).count()).toBe(0);
    await page.getByRole('rowheader', { name: 'Cubiss' }).waitFor();
    await screenshot(page, 'dashboard-adviser');
    await expectAccessible(page);
    await page.close();
  });
});
