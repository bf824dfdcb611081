import { describe, expect, it } from 'vitest';
import { apiAs, expectAccessible, onStage, openPage, type Stage, screenshot, signIn } from './support/harness';

let stage: Stage;
onStage((started) => {
  stage = started;
});

const adviser = 'adviseur@cubiss.example';

/** A day relative to today, as YYYY-MM-DD on an Amsterdam calendar. */
const day = (offsetDays: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );

/** The same instant on an Amsterdam clock: "dd-mm-jjjj hh:mm", as the admin writes it. */
const amsterdamClock = (iso: string) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('nl-NL', {
      timeZone: 'Europe/Amsterdam',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}-${parts.month}-${parts.year} ${parts.hour}:${parts.minute}`;
};

interface Meeting {
  id: string;
  title: string;
  type: string;
  status: string;
  startsAt: string;
  endsAt: string;
  countsForCertificate: boolean;
}

let cohorts = 0;
/**
 * A cohort of Bibliotheek Helmond-Peel planned by the Cubiss adviser, led by the library's specialist,
 * running, with its programme's four meetings at 13:30 Amsterdam time, from `startsIn` days from now.
 */
async function plannedCohort(startsIn: number) {
  cohorts += 1;
  const [library] = (
    await apiAs<{ data: Array<{ id: string }> }>(stage, adviser, 'GET', '/v1/organisations?q=Helmond-Peel&kind=library')
  ).data;
  if (!library) throw new Error('no Helmond-Peel in the demo data');
  const facilitator = await apiAs<{ id: string }>(stage, 'facilitator@helmond-peel.example', 'GET', '/v1/me');
  const cohort = await apiAs<{ id: string; name: string }>(stage, adviser, 'POST', '/v1/cohorts', {
    organisationId: library.id,
    phase: 'rollout',
    name: `Bijeenkomstentest ${cohorts}`,
    startsOn: day(startsIn),
    endsOn: day(startsIn + 100),
    moduleCodes: ['boekstart'],
    facilitatorUserIds: [facilitator.id],
  });
  await apiAs(stage, adviser, 'PATCH', `/v1/cohorts/${cohort.id}`, { status: 'running' });
  const meetings = (await apiAs<{ data: Meeting[] }>(stage, adviser, 'GET', `/v1/sessions?cohortId=${cohort.id}`)).data;
  return { ...cohort, libraryId: library.id, meetings };
}

describe('meetings in the admin', () => {
  it('keeps 13:30 Amsterdam time in a browser on New York time: list, edit form and save', async () => {
    const cohort = await plannedCohort(7);
    const [kickoff] = cohort.meetings;
    if (!kickoff) throw new Error('no kick-off planned');
    expect(amsterdamClock(kickoff.startsAt)).toMatch(/ 13:30$/);

    const page = await openPage(stage, 'America/New_York');
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
    await signIn(page, stage, adviser);
    await page.goto(`${stage.baseUrl}/admin/#/cohorts/${cohort.id}/show/meetings`);
    const row = page.getByRole('row', { name: /Kick-off/ });
    await row.getByText(/13:30/).waitFor();

    await row.getByRole('cell', { name: 'Kick-off', exact: true }).first().click();
    await page.waitForURL((url) => url.hash === `#/sessions/${kickoff.id}`);
    const starts = page.locator('input[name=startsAt]');
    const ends = page.locator('input[name=endsAt]');
    // Dutch dates (dd-mm-jjjj) on Amsterdam's clock, not New York's 07:30 nor the US month-first order.
    await expect.poll(() => starts.inputValue()).toBe(amsterdamClock(kickoff.startsAt));
    expect(await ends.inputValue()).toBe(amsterdamClock(kickoff.endsAt));
    await screenshot(page, 'meeting-edit-new-york');
    await expectAccessible(page);

    // Touch both fields (an hour up and back down) and save.
    for (const name of ['Begint', 'Eindigt']) {
      const hours = page.getByRole('group', { name }).getByRole('spinbutton', { name: /uren/i });
      await hours.click();
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowDown');
    }
    await page.getByRole('textbox', { name: 'Titel' }).fill('Kick-off in New York bewerkt');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.waitForURL((url) => url.hash.startsWith('#/sessions'));
    const saved = await apiAs<Meeting>(stage, adviser, 'GET', `/v1/sessions/${kickoff.id}`);
    expect(saved.title).toBe('Kick-off in New York bewerkt');
    expect([saved.startsAt, saved.endsAt]).toEqual([kickoff.startsAt, kickoff.endsAt]);

    // Moving the start to 14:45 on the Amsterdam clock is stored as 14:45 Amsterdam time.
    await page.goto(`${stage.baseUrl}/admin/#/sessions/${kickoff.id}`);
    await expect.poll(() => starts.inputValue()).toBe(amsterdamClock(kickoff.startsAt));
    const startGroup = page.getByRole('group', { name: 'Begint' });
    await startGroup.getByRole('spinbutton', { name: /uren/i }).click();
    await page.keyboard.type('14');
    await startGroup.getByRole('spinbutton', { name: /minuten/i }).click();
    await page.keyboard.type('45');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.waitForURL((url) => url.hash.startsWith('#/sessions') && !url.hash.includes(kickoff.id));
    const moved = await apiAs<Meeting>(stage, adviser, 'GET', `/v1/sessions/${kickoff.id}`);
    expect(amsterdamClock(moved.startsAt)).toBe(amsterdamClock(kickoff.startsAt).replace('13:30', '14:45'));
    expect(moved.endsAt).toBe(kickoff.endsAt);
    await page.close();
  });

  it('plans an extra meeting from the cohort as optional, warns before it counts, and returns to the cohort', async () => {
    // Started twelve weeks ago: all four meetings of the plan lie behind it, so someone can have finished.
    const cohort = await plannedCohort(-84);
    const people = [];
    for (const [i, email] of ['anouk.extra@helmond-peel.example', 'bram.extra@helmond-peel.example'].entries()) {
      const person = await apiAs<{ id: string }>(stage, adviser, 'POST', '/v1/participants', {
        organisationId: cohort.libraryId,
        givenName: ['Anouk', 'Bram'][i],
        familyName: 'Extra',
        email,
      });
      people.push(
        await apiAs<{ id: string }>(stage, adviser, 'POST', '/v1/enrolments', {
          cohortId: cohort.id,
          participantId: person.id,
        }),
      );
    }
    const [done] = people;
    if (!done) throw new Error('no enrolment');
    await apiAs(stage, adviser, 'PUT', `/v1/enrolments/${done.id}/progress/boekstart`, { status: 'completed' });
    for (const meeting of cohort.meetings) {
      await apiAs(stage, adviser, 'PUT', `/v1/sessions/${meeting.id}/attendance`, {
        records: [{ enrolmentId: done.id, status: 'present' }],
      });
    }
    expect((await apiAs<{ status: string }>(stage, adviser, 'GET', `/v1/enrolments/${done.id}`)).status).toBe(
      'completed',
    );

    const page = await openPage(stage);
    await signIn(page, stage, adviser);
    await page.goto(`${stage.baseUrl}/admin/#/cohorts/${cohort.id}/show`);
    // The facilitators by name, not "1".
    await page.getByText('Specialist Educatie Helmond-Peel').waitFor();
    await page.goto(`${stage.baseUrl}/admin/#/cohorts/${cohort.id}/show/meetings`);
    await expect.poll(() => page.getByRole('cell', { name: 'Telt mee', exact: true }).count()).toBe(4);
    await page.getByRole('link', { name: 'Nieuw' }).click();
    await page.getByRole('textbox', { name: 'Titel' }).fill('Extra oefenbijeenkomst');
    await page.getByText('Optioneel: deze bijeenkomst telt niet mee voor het certificaat.', { exact: false }).waitFor();
    const kickoffDay = amsterdamClock(cohort.meetings[0]?.startsAt ?? '').slice(0, 10);
    for (const [name, time] of [
      ['Begint', '10:00'],
      ['Eindigt', '11:30'],
    ] as const) {
      await page.getByRole('group', { name }).getByRole('spinbutton', { name: /dag/i }).click();
      await page.keyboard.type(`${kickoffDay.replaceAll('-', '')}${time.replace(':', '')}`);
    }
    await page.getByLabel('Telt mee voor het certificaat').check();
    const warning = page
      .getByRole('status')
      .filter({ hasText: 'Let op: deze bijeenkomst telt mee voor het certificaat.' });
    await warning.getByText('alle 2 inschrijvingen', { exact: false }).waitFor();
    await warning.getByText('Eén deelnemer heeft nu alles afgerond', { exact: false }).waitFor();
    await screenshot(page, 'meeting-counting-warning');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Opslaan' }).click();

    await page.waitForURL((url) => url.hash === `#/cohorts/${cohort.id}/show/meetings`);
    await page
      .getByRole('row', { name: /Extra oefenbijeenkomst/ })
      .getByText('Telt mee', { exact: true })
      .waitFor();
    const extra = (
      await apiAs<{ data: Meeting[] }>(stage, adviser, 'GET', `/v1/sessions?cohortId=${cohort.id}`)
    ).data.find((m) => m.title === 'Extra oefenbijeenkomst');
    expect(extra?.countsForCertificate).toBe(true);
    expect(amsterdamClock(extra?.startsAt ?? '')).toBe(`${kickoffDay} 10:00`);
    const after = await apiAs<{ status: string; completion: { missing: Array<{ title: string }> } }>(
      stage,
      adviser,
      'GET',
      `/v1/enrolments/${done.id}`,
    );
    expect(after.status).toBe('active');
    expect(after.completion.missing.map((m) => m.title)).toEqual(['Extra oefenbijeenkomst']);
    await page.close();
  });

  it('shows meetings that took place as held, the upcoming ones first and then the past ones, latest first', async () => {
    const cohort = await plannedCohort(-30);
    const page = await openPage(stage);
    await signIn(page, stage, adviser);
    const now = Date.now();
    const upcoming = cohort.meetings.filter((m) => new Date(m.endsAt).getTime() > now);
    const past = cohort.meetings.filter((m) => new Date(m.endsAt).getTime() <= now).reverse();
    expect(upcoming.length).toBeGreaterThan(0);
    expect(past.length).toBeGreaterThan(0);
    const expected = [...upcoming, ...past].map((m) => `${m.title} ${past.includes(m) ? 'Gehouden' : 'Gepland'}`);

    for (const screen of [
      `#/cohorts/${cohort.id}/show/meetings`,
      `#/sessions?filter=${encodeURIComponent(JSON.stringify({ cohortId: cohort.id }))}`,
    ]) {
      await page.goto(`${stage.baseUrl}/admin/${screen}`);
      const rows = page.locator('tbody tr');
      // The default second is too short for a first render on a loaded machine.
      await expect
        .poll(
          async () =>
            (await rows.allTextContents()).map((text) => {
              const title = cohort.meetings.find((m) => text.includes(m.title))?.title;
              const status = ['Gehouden', 'Gepland', 'Geannuleerd'].find((s) => text.includes(s));
              return `${title} ${status}`;
            }),
          { timeout: 15_000 },
        )
        .toEqual(expected);
      await expectAccessible(page);
    }
    await screenshot(page, 'meetings-upcoming-first');
    await page.close();
  });

  it('lets a coordinator record a module completed elsewhere, with a reason, and so reach the certificate', async () => {
    const cohort = await plannedCohort(-84);
    const person = await apiAs<{ id: string }>(stage, adviser, 'POST', '/v1/participants', {
      organisationId: cohort.libraryId,
      givenName: 'Sem',
      familyName: 'Elders',
      email: 'sem.elders@helmond-peel.example',
    });
    const enrolment = await apiAs<{ id: string }>(stage, adviser, 'POST', '/v1/enrolments', {
      cohortId: cohort.id,
      participantId: person.id,
    });
    for (const meeting of cohort.meetings) {
      await apiAs(stage, adviser, 'PUT', `/v1/sessions/${meeting.id}/attendance`, {
        records: [{ enrolmentId: enrolment.id, status: 'present' }],
      });
    }

    const page = await openPage(stage);
    await signIn(page, stage, 'coordinator@helmond-peel.example');
    await page.goto(`${stage.baseUrl}/admin/#/enrolments/${enrolment.id}/show`);
    await page.getByText('Nog nodig voor het certificaat').waitFor();
    await page.getByRole('button', { name: 'Handmatig vastleggen' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('elders heeft afgerond', { exact: false }).waitFor();
    const confirm = dialog.getByRole('button', { name: 'Handmatig vastleggen' });
    // The reason is required.
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: /Reden/ }).fill('Afgerond bij Bibliotheek Eindhoven in 2025');
    await screenshot(page, 'progress-by-hand');
    await expectAccessible(page);
    await confirm.click();
    await page.getByText('De voortgang is vastgelegd.').waitFor();
    const me = await apiAs<{ name: string }>(stage, 'coordinator@helmond-peel.example', 'GET', '/v1/me');
    await page
      .getByText(new RegExp(`Handmatig vastgelegd door ${me.name} op .+: Afgerond bij Bibliotheek Eindhoven in 2025`))
      .waitFor();
    await page.getByText('Alles is afgerond: het certificaat kan worden uitgereikt.').first().waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Certificaat uitreiken' }).click();
    await page.getByText(/^Certificaat \S+ is uitgereikt\.$/).waitFor();
    const log = await apiAs<{ data: Array<{ action: string }> }>(
      stage,
      adviser,
      'GET',
      `/v1/audit-events?resourceId=${enrolment.id}`,
    );
    expect(log.data.map((e) => e.action)).toContain('progress.recorded_by_hand');
    await page.close();
  });
});
