import { describe, expect, it } from 'vitest';
import { apiAs, expectAccessible, onStage, openPage, type Stage, screenshot, signIn } from './support/harness';

/**
 * The clicks no other browser test makes: a cohort's later status steps, withdrawing and reinstating
 * someone, reopening a completed module, cancelling a meeting and the English switch. Each test
 * prepares its own cohort through the API, so each passes alone.
 */
let stage: Stage;
onStage((started) => {
  stage = started;
});

const adviser = 'adviseur@cubiss.example';
const kbStaff = 'admin@kb.example';
const coordinator = 'coordinator@helmond-peel.example';

/** A day relative to today, as YYYY-MM-DD on an Amsterdam calendar. */
const day = (offsetDays: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );

interface Meeting {
  id: string;
  title: string;
  status: string;
  startsAt: string;
}

interface Enrolment {
  id: string;
  status: string;
  progress: Array<{ code: string; status: string }>;
  completion: { missing: Array<{ title: string }> };
}

let cohorts = 0;
/**
 * A running cohort of Bibliotheek Helmond-Peel with one module, started twelve weeks ago (so its
 * programme's meetings lie behind it), and one person enrolled.
 */
async function runningCohort() {
  cohorts += 1;
  const [library] = (
    await apiAs<{ data: Array<{ id: string }> }>(stage, adviser, 'GET', '/v1/organisations?q=Helmond-Peel&kind=library')
  ).data;
  if (!library) throw new Error('no Helmond-Peel in the demo data');
  const cohort = await apiAs<{ id: string; name: string }>(stage, adviser, 'POST', '/v1/cohorts', {
    organisationId: library.id,
    phase: 'rollout',
    name: `Klikproef ${cohorts}`,
    startsOn: day(-84),
    endsOn: day(16),
    moduleCodes: ['boekstart'],
  });
  await apiAs(stage, adviser, 'PATCH', `/v1/cohorts/${cohort.id}`, { status: 'running' });
  const person = await apiAs<{ id: string }>(stage, adviser, 'POST', '/v1/participants', {
    organisationId: library.id,
    givenName: 'Kim',
    familyName: `Klik ${cohorts}`,
    email: `kim.klik.${cohorts}@helmond-peel.example`,
  });
  const enrolment = await apiAs<Enrolment>(stage, adviser, 'POST', '/v1/enrolments', {
    cohortId: cohort.id,
    participantId: person.id,
  });
  const meetings = (await apiAs<{ data: Meeting[] }>(stage, adviser, 'GET', `/v1/sessions?cohortId=${cohort.id}`)).data;
  return { ...cohort, enrolment, meetings };
}

describe('the clicks no other test makes', () => {
  it('takes a running cohort through its later status steps to closed, as the API offers them', async () => {
    const cohort = await runningCohort();
    const steps = async () =>
      (await apiAs<{ status: string; nextStatuses: string[] }>(stage, adviser, 'GET', `/v1/cohorts/${cohort.id}`))
        .nextStatuses;
    expect(await steps()).toEqual(['evaluating']);

    const page = await openPage(stage);
    await signIn(page, stage, adviser);
    await page.goto(`${stage.baseUrl}/admin/#/cohorts/${cohort.id}/show`);
    for (const [button, status, label] of [
      ['Naar evaluatie', 'evaluating', 'Evaluatie'],
      ['Leergroep afsluiten', 'closed', 'Afgesloten'],
    ] as const) {
      await page.getByRole('button', { name: button }).click();
      const dialog = page.getByRole('dialog', { name: `Status wijzigen naar “${label}”?` });
      await dialog.waitFor();
      await expectAccessible(page);
      await dialog.getByRole('button', { name: 'Bevestigen' }).click();
      await page.getByText(`De leergroep heeft nu de status “${label}”.`).waitFor();
      expect((await apiAs<{ status: string }>(stage, adviser, 'GET', `/v1/cohorts/${cohort.id}`)).status).toBe(status);
    }
    // Closed is the end: no step is offered, and the screen says so.
    expect(await steps()).toEqual([]);
    await page.getByText('Deze leergroep is afgesloten en verandert niet meer.').waitFor();
    expect(
      await page.getByRole('button', { name: /Leergroep afsluiten|Naar evaluatie|Leergroep starten/ }).count(),
    ).toBe(0);
    await screenshot(page, 'cohort-closed');
    await expectAccessible(page);
    await page.close();
  });

  it('withdraws an enrolment after asking, and reinstates it', async () => {
    const { enrolment } = await runningCohort();
    const status = async () =>
      (await apiAs<Enrolment>(stage, coordinator, 'GET', `/v1/enrolments/${enrolment.id}`)).status;
    expect(await status()).toBe('invited');

    const page = await openPage(stage);
    await signIn(page, stage, coordinator);
    await page.goto(`${stage.baseUrl}/admin/#/enrolments/${enrolment.id}/show`);
    await page.getByRole('button', { name: 'Uitschrijven' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Deelnemer uitschrijven?').waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Uitschrijven' }).click();
    await page.getByText('De deelnemer is uitgeschreven.').waitFor();
    expect(await status()).toBe('withdrawn');
    // The screen follows at once: the status, the note and the way back.
    await page.getByText('Gestopt', { exact: true }).first().waitFor();
    await page.getByText('Deze deelnemer is gestopt.').waitFor();
    await page.getByRole('button', { name: 'Weer inschrijven' }).waitFor();
    await screenshot(page, 'enrolment-withdrawn');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Weer inschrijven' }).click();
    await page.getByText('De deelnemer is weer ingeschreven.').waitFor();
    // Taking someone back makes them active again (the API's only way back from withdrawn).
    expect(await status()).toBe('active');
    await page.getByText('Actief', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Uitschrijven' }).waitFor();
    expect(await page.getByText('Deze deelnemer is gestopt.').count()).toBe(0);
    await expectAccessible(page);
    await page.close();
  });

  it('lets KB staff reopen a completed module, only with a reason, which the audit log keeps', async () => {
    const { enrolment } = await runningCohort();
    await apiAs(stage, adviser, 'PUT', `/v1/enrolments/${enrolment.id}/progress/boekstart`, { status: 'completed' });
    const moduleStatus = async () =>
      (await apiAs<Enrolment>(stage, kbStaff, 'GET', `/v1/enrolments/${enrolment.id}`)).progress.find(
        (p) => p.code === 'boekstart',
      )?.status;
    expect(await moduleStatus()).toBe('completed');

    const page = await openPage(stage);
    await signIn(page, stage, kbStaff);
    await page.goto(`${stage.baseUrl}/admin/#/enrolments/${enrolment.id}/show`);
    await page.getByRole('button', { name: 'Heropenen' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/^Module “.+” heropenen\?$/).waitFor();
    const confirm = dialog.getByRole('button', { name: 'Heropenen' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: /Reden/ }).fill('kort');
    expect(await confirm.isDisabled()).toBe(true);
    const reason = 'Per ongeluk als afgerond vastgelegd';
    await dialog.getByRole('textbox', { name: /Reden/ }).fill(reason);
    await screenshot(page, 'module-reopen');
    await expectAccessible(page);
    await confirm.click();
    await page.getByText('De module is heropend.').waitFor();
    expect(await moduleStatus()).not.toBe('completed');
    // The row no longer offers reopening: the module is no longer completed on screen either.
    await expect.poll(() => page.getByRole('button', { name: 'Heropenen' }).count()).toBe(0);
    await expectAccessible(page);
    const log = await apiAs<{ data: Array<{ action: string; after: unknown }> }>(
      stage,
      kbStaff,
      'GET',
      `/v1/audit-events?resourceId=${enrolment.id}`,
    );
    const reset = log.data.find((e) => e.action === 'progress.reset');
    expect(JSON.stringify(reset)).toContain(reason);
    await page.close();
  });

  it('cancels a meeting after asking, and the enrolment then no longer needs it', async () => {
    const { enrolment, meetings } = await runningCohort();
    const last = meetings.at(-1);
    if (!last) throw new Error('no meetings planned');
    await apiAs(stage, adviser, 'PUT', `/v1/enrolments/${enrolment.id}/progress/boekstart`, { status: 'completed' });
    for (const meeting of meetings.slice(0, -1)) {
      await apiAs(stage, adviser, 'PUT', `/v1/sessions/${meeting.id}/attendance`, {
        records: [{ enrolmentId: enrolment.id, status: 'present' }],
      });
    }
    const missing = async () =>
      (await apiAs<Enrolment>(stage, adviser, 'GET', `/v1/enrolments/${enrolment.id}`)).completion.missing.map(
        (m) => m.title,
      );
    expect(await missing()).toEqual([last.title]);

    const page = await openPage(stage);
    await signIn(page, stage, adviser);
    await page.goto(`${stage.baseUrl}/admin/#/sessions/${last.id}`);
    await page.getByRole('button', { name: 'Annuleren' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bijeenkomst annuleren?' });
    await dialog.waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Annuleren', exact: true }).click();
    await page.getByText('De bijeenkomst is geannuleerd.').waitFor();
    await page.getByText('Deze bijeenkomst is geannuleerd.').waitFor();
    expect((await apiAs<Meeting>(stage, adviser, 'GET', `/v1/sessions/${last.id}`)).status).toBe('cancelled');
    await expectAccessible(page);

    expect(await missing()).toEqual([]);
    await page.goto(`${stage.baseUrl}/admin/#/enrolments/${enrolment.id}/show`);
    await page
      .getByRole('row', { name: new RegExp(last.title) })
      .getByText('geannuleerd')
      .waitFor();
    await page.getByText('Alles is afgerond: het certificaat kan worden uitgereikt.').first().waitFor();
    await screenshot(page, 'meeting-cancelled-enrolment');
    await expectAccessible(page);
    await page.close();
  });

  it('switches the admin to English and back to Dutch', async () => {
    const page = await openPage(stage);
    await signIn(page, stage, adviser);
    const menu = page.locator('.RaSidebar-fixed');
    await menu.getByRole('menuitem', { name: 'Leergroepen' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('nl');

    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await menu.getByRole('menuitem', { name: 'Cohorts' }).waitFor();
    expect(await menu.getByRole('menuitem', { name: 'Leergroepen' }).count()).toBe(0);
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await page.goto(`${stage.baseUrl}/admin/#/cohorts`);
    await page.getByRole('heading', { name: 'Cohorts' }).waitFor();
    await screenshot(page, 'admin-english');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'Nederlands' }).click();
    await menu.getByRole('menuitem', { name: 'Leergroepen' }).waitFor();
    await page.getByRole('heading', { name: 'Leergroepen' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('nl');
    await expectAccessible(page);
    await page.close();
  });
});
