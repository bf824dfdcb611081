import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parsePdf } from '../support/pdf';
import {
  apiWith,
  expectAccessible,
  onStage,
  openPage,
  type Stage,
  screenshot,
  signIn,
  tokenOf,
  totalOf,
} from './support/harness';

let stage: Stage;

onStage((started) => {
  stage = started;
});

/** A day relative to today on an Amsterdam calendar, as YYYY-MM-DD. */
function amsterdamDay(offsetDays: number): string {
  const moment = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(moment);
}

const cohortName = 'Uitrol Helmond-Peel browsertest';
const extraMeeting = 'Extra oefenbijeenkomst browsertest';
const csvHeader = 'voornaam;tussenvoegsel;achternaam;e-mail;functie;vestiging';
const newPeople = [
  'Fenna;van der;Linden;fenna.vanderlinden@helmond-peel.example;Baliemedewerker;',
  'Joost;;Verbeek;joost.verbeek@helmond-peel.example;Medewerker klantenservice;Helmond',
  'Ilse;;Manders;ilse.manders@helmond-peel.example;Informatiespecialist;',
];

/** The catalogue's first five modules: the subset every cohort here chooses (all but the sixth). */
const firstFive = ['landelijke-context', 'onze-activiteiten', 'nieuwe-klanten', 'digitaalhuis', 'boekstart'];

let prepared = 0;
/**
 * Each test prepares its own state through the API, so it passes alone and in any order: a running
 * cohort of Bibliotheek Helmond-Peel (two weeks in, three months long) planned by the Cubiss adviser.
 */
async function runningCohort(): Promise<{ id: string; libraryId: string; name: string }> {
  prepared += 1;
  const adviser = await tokenOf(stage, 'adviseur@cubiss.example');
  const [library] = (
    await apiWith<{ data: Array<{ id: string }> }>(
      stage,
      adviser,
      'GET',
      '/v1/organisations?q=Helmond-Peel&kind=library',
    )
  ).data;
  if (!library) throw new Error('no Helmond-Peel in the demo data');
  const name = `${cohortName} ${prepared}`;
  const cohort = await apiWith<{ id: string }>(stage, adviser, 'POST', '/v1/cohorts', {
    organisationId: library.id,
    phase: 'rollout',
    name,
    startsOn: amsterdamDay(-14),
    endsOn: amsterdamDay(90),
    moduleCodes: firstFive,
  });
  await apiWith(stage, adviser, 'PATCH', `/v1/cohorts/${cohort.id}`, { status: 'running' }, 1);
  return { id: cohort.id, libraryId: library.id, name };
}

/** The three people of `newPeople` (under addresses of their own), enrolled in the cohort. */
async function enrolledTeam(cohort: { id: string; libraryId: string }) {
  const adviser = await tokenOf(stage, 'adviseur@cubiss.example');
  const enrolments: Record<string, string> = {};
  for (const line of newPeople) {
    const [givenName = '', nameInfix, familyName = '', email = ''] = line.split(';');
    const person = await apiWith<{ id: string }>(stage, adviser, 'POST', '/v1/participants', {
      organisationId: cohort.libraryId,
      givenName,
      ...(nameInfix ? { nameInfix } : {}),
      familyName,
      email: email.replace('@', `+${prepared}@`),
    });
    const enrolment = await apiWith<{ id: string }>(stage, adviser, 'POST', '/v1/enrolments', {
      cohortId: cohort.id,
      participantId: person.id,
    });
    enrolments[givenName] = enrolment.id;
  }
  return enrolments;
}

/** What the e-learning player and the meetings would record for someone who did everything. */
async function everythingDone(cohortId: string, enrolmentId: string) {
  const admin = await tokenOf(stage, 'admin@kb.example');
  for (const code of firstFive) {
    await apiWith(stage, admin, 'PUT', `/v1/enrolments/${enrolmentId}/progress/${code}`, { status: 'completed' });
  }
  const meetings = await apiWith<{ data: Array<{ id: string; status: string; startsAt: string; version: number }> }>(
    stage,
    admin,
    'GET',
    `/v1/sessions?cohortId=${cohortId}`,
  );
  for (const meeting of meetings.data) {
    if (meeting.status === 'cancelled') continue;
    if (new Date(meeting.startsAt) > new Date()) {
      const yesterday = Date.now() - 86_400_000;
      await apiWith(
        stage,
        admin,
        'PATCH',
        `/v1/sessions/${meeting.id}`,
        { startsAt: new Date(yesterday).toISOString(), endsAt: new Date(yesterday + 5_400_000).toISOString() },
        meeting.version,
      );
    }
    await apiWith(stage, admin, 'PUT', `/v1/sessions/${meeting.id}/attendance`, {
      records: [{ enrolmentId, status: 'present' }],
    });
  }
}

describe('cohorts, imports, meetings and attendance in the admin', () => {
  it('lets a POI adviser plan a cohort for a Noord-Brabant library', async () => {
    const page = await openPage(stage);
    await signIn(page, stage, 'adviseur@cubiss.example');
    await page.goto(`${stage.baseUrl}/admin/#/cohorts`);
    await page.getByRole('columnheader', { name: 'Naam' }).waitFor();
    const inProvince = await totalOf(stage, 'adviseur@cubiss.example', '/v1/cohorts');
    await page.getByText(`1-${inProvince} van ${inProvince}`).waitFor();
    await screenshot(page, 'cohorts-list');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Nieuw' }).click();
    await page.waitForURL((url) => url.hash === '#/cohorts/create');
    await page.locator('input[name=startsOn]').waitFor();
    await page.getByRole('combobox', { name: 'Bibliotheek' }).fill('Helmond');
    await page.getByRole('option', { name: 'Bibliotheek Helmond-Peel' }).click();
    await page.getByLabel('Landelijke uitrol').check();
    await page.getByRole('textbox', { name: 'Naam' }).fill(`${cohortName} (concept)`);
    await page.locator('input[name=startsOn]').fill(amsterdamDay(-14));
    await page.locator('input[name=endsOn]').fill(amsterdamDay(90));
    // The library's own accounts, which the adviser may read: only Helmond-Peel's are offered.
    await page.getByRole('combobox', { name: 'Begeleiders' }).fill('Specialist');
    await page.getByRole('option', { name: /^Specialist Educatie/ }).click();
    // A subset: everything but the sixth module.
    const sixth = page.getByRole('checkbox', { name: /^Module 6:/ });
    await expect.poll(() => sixth.isChecked()).toBe(true);
    await sixth.uncheck();
    await screenshot(page, 'cohort-create');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Opslaan' }).click();

    await page.waitForURL((url) => /#\/cohorts\/[0-9a-f-]{36}\/show/.test(url.hash));
    const cohortId = /cohorts\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
    const stored = await apiWith<{ facilitatorUserIds: string[] }>(
      stage,
      await tokenOf(stage, 'admin@kb.example'),
      'GET',
      `/v1/cohorts/${cohortId}`,
    );
    expect(stored.facilitatorUserIds).toHaveLength(1);
    await page.getByText('Gepland').first().waitFor();
    expect(await page.getByText('5 modules').count()).toBe(0);

    await page.getByRole('button', { name: 'Leergroep starten' }).click();
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.getByText('De leergroep heeft nu de status “Loopt”.').waitFor();
    await page.getByRole('button', { name: 'Naar evaluatie' }).waitFor();

    // Renaming a running cohort: its modules are locked and are not sent again.
    await page.getByRole('link', { name: 'Bewerken' }).click();
    await page.waitForURL((url) => url.hash === `#/cohorts/${cohortId}`);
    const name = page.getByRole('textbox', { name: 'Naam' });
    await expect.poll(() => name.inputValue()).toBe(`${cohortName} (concept)`);
    expect(await page.getByRole('checkbox', { name: /^Module 1:/ }).isDisabled()).toBe(true);
    await name.fill(cohortName);
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.waitForURL((url) => url.hash === `#/cohorts/${cohortId}/show`);
    await page
      .getByRole('heading', { name: `Leergroep ${cohortName}`, exact: true })
      .or(page.getByText(cohortName, { exact: true }))
      .first()
      .waitFor();
    await screenshot(page, 'cohort-details');
    await expectAccessible(page);
    await page.close();
  });

  it('imports participants from a CSV file: a dry run per row first, then the import', async () => {
    const cohort = await runningCohort();
    const page = await openPage(stage);
    await signIn(page, stage, 'adviseur@cubiss.example');
    await page.goto(`${stage.baseUrl}/admin/#/cohorts/${cohort.id}/show/enrol`);
    await page.getByRole('link', { name: 'CSV importeren' }).click();
    await page.getByRole('heading', { name: 'Deelnemers importeren', level: 1 }).waitFor();

    const faulty = [
      csvHeader,
      newPeople[0],
      'Kees;;;kees@helmond;;',
      newPeople[0],
      'Lotte;;Smits;lotte.smits@helmond-peel.example;;vestiging Helmond',
    ].join('\n');
    await page.locator('input[type=file]').setInputFiles({
      name: 'fouten.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(faulty),
    });
    await page.getByRole('button', { name: 'Controleren' }).click();
    await page.getByText('“kees@helmond” is geen e-mailadres').waitFor();
    await page.getByText('staat al op regel 2').waitFor();
    // Not quite a branch's name: the row asks which branch, rather than landing on the library.
    await page
      .getByRole('row', { name: /lotte\.smits/ })
      .getByText(/Welke vestiging bedoelt u\?.*“Bibliotheek Helmond-Peel, vestiging Helmond”/)
      .waitFor();
    expect(await page.getByRole('button', { name: 'Importeren en inschrijven' }).isDisabled()).toBe(true);
    await screenshot(page, 'import-dry-run-problems');
    await expectAccessible(page);

    await page.locator('input[type=file]').setInputFiles({
      name: 'team.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFF${[csvHeader, ...newPeople].join('\r\n')}\r\n`),
    });
    await page.getByRole('button', { name: 'Controleren' }).click();
    await page.getByText('Het bestand is in orde.', { exact: false }).waitFor();
    await expect.poll(() => page.getByText('Nieuwe deelnemer aanmaken en inschrijven').count()).toBe(3);
    // Where each person will land: the library, or the branch the file names.
    await page
      .getByRole('row', { name: /joost\.verbeek/ })
      .getByRole('cell', { name: 'Bibliotheek Helmond-Peel, vestiging Helmond', exact: true })
      .waitFor();
    expect(await page.getByRole('cell', { name: 'Bibliotheek Helmond-Peel', exact: true }).count()).toBe(2);
    expect(await totalOf(stage, 'adviseur@cubiss.example', `/v1/enrolments?cohortId=${cohort.id}`)).toBe(0);
    await screenshot(page, 'import-dry-run');

    await page.getByRole('button', { name: 'Importeren en inschrijven' }).click();
    await page.getByText('Klaar: de deelnemers zijn ingeschreven.').waitFor();
    await screenshot(page, 'import-committed');
    await expectAccessible(page);
    expect(await totalOf(stage, 'adviseur@cubiss.example', `/v1/enrolments?cohortId=${cohort.id}`)).toBe(3);
    const adviser = await tokenOf(stage, 'adviseur@cubiss.example');
    const [joost] = (
      await apiWith<{ data: Array<{ organisationId: string }> }>(
        stage,
        adviser,
        'GET',
        '/v1/participants?q=joost.verbeek@',
      )
    ).data;
    const branch = await apiWith<{ name: string }>(stage, adviser, 'GET', `/v1/organisations/${joost?.organisationId}`);
    expect(branch.name).toBe('Bibliotheek Helmond-Peel, vestiging Helmond');

    await page.getByRole('link', { name: 'Naar de leergroep' }).click();
    await page.getByRole('cell', { name: 'Fenna van der Linden' }).waitFor();
    await page.getByText('Actief: 3').or(page.getByText('Uitgenodigd: 3')).waitFor();
    await page.getByText('0/5 modules', { exact: false }).first().waitFor();
    await screenshot(page, 'cohort-enrolments');
    await expectAccessible(page);
    await page.close();
  });

  it('shows the planned meetings, plans an extra one and shows it in the month calendar', async () => {
    const cohort = await runningCohort();
    const page = await openPage(stage);
    await signIn(page, stage, 'adviseur@cubiss.example');
    await page.goto(`${stage.baseUrl}/admin/#/cohorts/${cohort.id}/show/meetings`);
    await page.getByRole('cell', { name: 'Kick-off', exact: true }).first().waitFor();
    // The programme's four meetings: the kick-off, two team meetings and the closing meeting.
    await expect.poll(() => page.getByRole('cell', { name: 'Teambijeenkomst', exact: true }).count()).toBe(3);
    await screenshot(page, 'cohort-meetings');

    await page.getByRole('link', { name: 'Nieuw' }).click();
    await page.locator('input[name=title]').waitFor();
    await page.locator('input[name=title]').fill(extraMeeting);
    const today = amsterdamDay(0).split('-').reverse().join('');
    for (const [name, time] of [
      ['Begint', '0900'],
      ['Eindigt', '1030'],
    ] as const) {
      await page.getByRole('group', { name }).getByRole('spinbutton', { name: /dag/i }).click();
      await page.keyboard.type(`${today}${time}`);
    }
    await page.getByRole('button', { name: 'Opslaan' }).click();
    // Back on the cohort it was planned from.
    await page.waitForURL((url) => url.hash === `#/cohorts/${cohort.id}/show/meetings`);
    await page.goto(
      `${stage.baseUrl}/admin/#/sessions?filter=${encodeURIComponent(JSON.stringify({ cohortId: cohort.id }))}`,
    );
    await page.getByRole('cell', { name: extraMeeting }).waitFor();
    // 09:00 on the Amsterdam clock, whatever the API stores.
    await page.getByText(/09:00/).first().waitFor();
    expect(await totalOf(stage, 'adviseur@cubiss.example', `/v1/sessions?cohortId=${cohort.id}`)).toBe(5);
    await screenshot(page, 'meetings-list');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Kalender' }).click();
    await page.getByRole('columnheader', { name: 'ma' }).waitFor();
    expect(await page.getByRole('columnheader').allTextContents()).toEqual(['ma', 'di', 'wo', 'do', 'vr', 'za', 'zo']);
    const month = new Intl.DateTimeFormat('nl-NL', { month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });
    await page.getByRole('heading', { name: month.format(new Date()) }).waitFor();
    await page.getByRole('link', { name: new RegExp(`09:00 Teambijeenkomst\\s*${cohort.name}`) }).waitFor();
    await screenshot(page, 'meetings-calendar');
    await expectAccessible(page);
    await page.close();
  });

  it('takes attendance for the whole kick-off at once, and shows what each person still misses', async () => {
    const cohort = await runningCohort();
    await enrolledTeam(cohort);
    const page = await openPage(stage);
    await signIn(page, stage, 'adviseur@cubiss.example');
    await page.goto(`${stage.baseUrl}/admin/#/cohorts/${cohort.id}/show/meetings`);
    await page
      .getByRole('row', { name: /Kick-off/ })
      .getByRole('link', { name: 'Aanwezigheid' })
      .click();
    await page.waitForURL((url) => /#\/sessions\/[0-9a-f-]{36}\/attendance/.test(url.hash));
    await page.getByText('0 van 3 ingevuld').waitFor();

    await page.getByRole('button', { name: 'Iedereen aanwezig' }).click();
    await page.getByRole('radiogroup', { name: 'Joost Verbeek' }).getByLabel('Afwezig').check();
    await screenshot(page, 'attendance');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Aanwezigheid opslaan' }).click();
    await page.getByText('De aanwezigheid is opgeslagen (3 personen).').waitFor();

    await page.goto(`${stage.baseUrl}/admin/#/cohorts/${cohort.id}/show/enrolments`);
    await page.getByRole('cell', { name: 'Joost Verbeek' }).click();
    await page.waitForURL((url) => /#\/enrolments\/[0-9a-f-]{36}\/show/.test(url.hash));
    await page.getByText('Nog nodig voor het certificaat').waitFor();
    await page.getByText('afwezig geweest').waitFor();
    await expect.poll(() => page.getByText('module nog niet begonnen').count()).toBe(5);
    await page.getByRole('cell', { name: 'Afwezig' }).waitFor();
    await screenshot(page, 'enrolment-detail');
    await expectAccessible(page);
    await page.close();
  });

  it('issues a certificate once someone has done everything, and downloads its PDF', async () => {
    const cohort = await runningCohort();
    const team = await enrolledTeam(cohort);
    const fenna = team.Fenna;
    if (!fenna) throw new Error('Fenna was not enrolled');
    await everythingDone(cohort.id, fenna);

    const page = await openPage(stage);
    await signIn(page, stage, 'adviseur@cubiss.example');
    await page.goto(`${stage.baseUrl}/admin/#/enrolments/${fenna}/show`);
    await page.getByText('Alles is afgerond: het certificaat kan worden uitgereikt.').first().waitFor();
    await page.getByRole('button', { name: 'Certificaat uitreiken' }).click();
    const number = /Certificaat (\S+) is uitgereikt\./.exec(
      (await page.getByText(/^Certificaat \S+ is uitgereikt\.$/).textContent()) ?? '',
    )?.[1];
    if (!number) throw new Error('no certificate number in the notification');
    await page.getByRole('link', { name: number }).click();
    await page.getByText('Fenna van der Linden').first().waitFor();
    await screenshot(page, 'journey-certificate');
    await expectAccessible(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'PDF downloaden' }).click(),
    ]);
    const pdf = await readFile(await download.path());
    const parsed = await parsePdf(pdf);
    expect(parsed.text).toContain('Fenna van der Linden');
    expect(parsed.text).toContain(number);
    await page.close();
  });

  it('records a module by hand, only with a reason, shown with it and then reopenable', async () => {
    const cohort = await runningCohort();
    const team = await enrolledTeam(cohort);
    const page = await openPage(stage);
    await signIn(page, stage, 'admin@kb.example');
    await page.goto(`${stage.baseUrl}/admin/#/enrolments/${team.Ilse}/show`);
    await expect.poll(() => page.getByRole('button', { name: 'Handmatig vastleggen' }).count()).toBe(5);

    await page.getByRole('button', { name: 'Handmatig vastleggen' }).first().click();
    const byHand = page.getByRole('dialog');
    const save = byHand.getByRole('button', { name: 'Handmatig vastleggen' });
    await byHand.getByLabel('Reden (verplicht, minstens 5 tekens)').fill('kort');
    expect(await save.isDisabled()).toBe(true);
    await byHand.getByLabel('Reden (verplicht, minstens 5 tekens)').fill('Elders afgerond, bewijs gezien');
    await save.click();
    await page.getByText('De voortgang is vastgelegd.').waitFor();
    await page.getByText(/Handmatig vastgelegd door .*: Elders afgerond, bewijs gezien/).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Handmatig vastleggen' }).count()).toBe(4);
    await page.getByRole('button', { name: 'Heropenen' }).waitFor();
    await page.close();
  });

  it('shows none of it to a coordinator in Noord-Holland, not even by direct address', async () => {
    const cohort = await runningCohort();
    const team = await enrolledTeam(cohort);
    const admin = await tokenOf(stage, 'admin@kb.example');
    const meetings = await apiWith<{ data: Array<{ id: string; type: string }> }>(
      stage,
      admin,
      'GET',
      `/v1/sessions?cohortId=${cohort.id}`,
    );
    const kickoff = meetings.data.find((m) => m.type === 'kickoff')?.id;
    await apiWith(stage, admin, 'POST', '/v1/sessions', {
      cohortId: cohort.id,
      type: 'team_meeting',
      title: extraMeeting,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000 + 5_400_000).toISOString(),
    });
    if (!team.Fenna || !team.Joost || !kickoff) throw new Error('the cohort was not prepared');
    await everythingDone(cohort.id, team.Fenna);
    const certificate = await apiWith<{ number: string }>(stage, admin, 'POST', '/v1/certificates', {
      enrolmentId: team.Fenna,
    });

    const page = await openPage(stage);
    await signIn(page, stage, 'coordinator@hilversum.example');
    await page.goto(`${stage.baseUrl}/admin/#/cohorts`);
    await page.getByRole('columnheader', { name: 'Naam' }).waitFor();
    await page
      .getByText(/Hilversum/)
      .first()
      .waitFor();
    expect(await page.getByText(cohort.name).count()).toBe(0);

    await page.goto(`${stage.baseUrl}/admin/#/sessions`);
    await page.getByRole('columnheader', { name: 'Begint' }).waitFor();
    expect(await page.getByText(extraMeeting).count()).toBe(0);

    await page.goto(`${stage.baseUrl}/admin/#/cohorts/${cohort.id}/show`);
    await page.getByText('Deze leergroep bestaat niet, of valt buiten je werkgebied.').waitFor();
    expect(await page.getByText(cohort.name).count()).toBe(0);
    await screenshot(page, 'cohort-not-found');
    await expectAccessible(page);

    await page.goto(`${stage.baseUrl}/admin/#/sessions/${kickoff}/attendance`);
    await page.getByText('Deze bijeenkomst bestaat niet, of valt buiten je werkgebied.').waitFor();
    expect(await page.getByText('Joost Verbeek').count()).toBe(0);

    await page.goto(`${stage.baseUrl}/admin/#/enrolments/${team.Joost}/show`);
    await page.getByText('Deze inschrijving bestaat niet, of valt buiten je werkgebied.').waitFor();
    expect(await page.getByText('Joost Verbeek').count()).toBe(0);

    await page.goto(`${stage.baseUrl}/admin/#/certificates`);
    await page.waitForLoadState('networkidle');
    expect(await page.getByText(certificate.number).count()).toBe(0);
    expect(await page.getByText('Fenna van der Linden').count()).toBe(0);
    await page.close();
  });
});
