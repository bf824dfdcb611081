import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type TestIdp } from '../support/oidc';
import { describeViolations, type Stage, screenshot, seriousViolations, startStage, totalOf } from './support/harness';

/**
 * A coordinator of a pilot library whose organisation signs in through its own identity provider
 * (a real OpenID Connect provider on this machine, its login and consent pages driven by the
 * browser) signs in to the admin and sees exactly what a coordinator may.
 */
let stage: Stage;
let idp: TestIdp;
const coordinator = 'coordinator@hilversum.example';
let participantsInScope = 0;

beforeAll(async () => {
  stage = await startStage();
  idp = await startIdp({ redirectUris: [`${stage.baseUrl}/v1/auth/oidc/callback`] });
  // What the API lets the coordinator see, asked while their password still works.
  participantsInScope = await totalOf(stage, coordinator, '/v1/participants');
  expect(participantsInScope).toBeGreaterThan(0);
  const admin = await stage.app.inject({
    method: 'POST',
    url: '/v1/auth/token',
    payload: { grant_type: 'password', username: 'admin@kb.example', password: 'loket-demo' },
  });
  const token = admin.json<{ access_token: string }>().access_token;
  const libraries = await stage.app.inject({
    method: 'GET',
    url: '/v1/organisations?kind=library&q=Hilversum',
    headers: { authorization: `Bearer ${token}` },
  });
  const library = libraries
    .json<{ data: Array<{ id: string; name: string }> }>()
    .data.find((o) => o.name === 'Bibliotheek Hilversum');
  if (!library) throw new Error('the pilot has no Bibliotheek Hilversum');
  const created = await stage.app.inject({
    method: 'POST',
    url: '/v1/identity-providers',
    headers: { authorization: `Bearer ${token}` },
    payload: {
      organisationId: library.id,
      name: 'Microsoft 365 Bibliotheek Hilversum',
      issuerUrl: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      allowedDomains: ['hilversum.example'],
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  idp.accounts.set('s.devries', { email: coordinator, email_verified: true, name: 'Sanne de Vries' });
});

afterAll(async () => {
  await idp?.close();
  await stage?.close();
});

describe('signing in to the admin through one\u2019s organisation', () => {
  it('takes a coordinator through the provider\u2019s pages to exactly what a coordinator may see', async () => {
    const page = await stage.newPage();
    // Nothing leaves this machine (the provider's development pages link a web font).
    await page.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => route.abort(),
    );
    const visited: string[] = [];
    page.on('framenavigated', (frame) => visited.push(frame.url()));
    await page.goto(`${stage.baseUrl}/admin/#/login`);
    await page.getByLabel('E-mailadres').fill(coordinator);
    await screenshot(page, 'sign-in');
    expect(await seriousViolations(page).then(describeViolations)).toEqual([]);

    // A password no longer works for this organisation: the page says what to do instead.
    await page.getByRole('textbox', { name: 'Wachtwoord' }).fill('loket-demo');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByRole('alert').getByText('Kies "Inloggen met je organisatie"').waitFor();

    await page.getByRole('button', { name: 'Inloggen met je organisatie' }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.locator('input[name="login"]').fill('s.devries');
    await page.locator('input[name="password"]').fill('wachtwoord bij de bibliotheek');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === stage.baseUrl && !url.hash.startsWith('#/login'));

    await page.getByText('Je ziet: Bibliotheek Hilversum').waitFor();
    // No token ever stood in an address: only the one-time code came back, in the fragment.
    const stored = JSON.parse((await page.evaluate("sessionStorage.getItem('loket.session')")) as string) as {
      accessToken: string;
      refreshToken: string;
    };
    expect(stored.accessToken).toEqual(expect.any(String));
    for (const url of visited) {
      expect(url).not.toContain(stored.accessToken);
      expect(url).not.toContain(stored.refreshToken);
    }
    expect(visited.some((url) => new URL(url).hash.startsWith('#/login?oidc_code='))).toBe(true);
    for (const item of ['Leergroepen', 'Deelnemers', 'Organisaties']) {
      await page.getByRole('menuitem', { name: item }).waitFor();
    }
    for (const item of ['Gebruikers', 'API-clients', 'Inlogkoppelingen', 'Auditlog']) {
      expect(await page.getByRole('menuitem', { name: item }).count(), item).toBe(0);
    }
    await page.getByRole('menuitem', { name: 'Deelnemers' }).click();
    await page.getByText(new RegExp(`van ${participantsInScope}$`)).waitFor();
    await screenshot(page, 'signed-in-through-organisation');
    await page.close();
  });

  it('tells someone of a library without a provider to use their password', async () => {
    const page = await stage.newPage();
    await page.goto(`${stage.baseUrl}/admin/#/login`);
    await page.getByLabel('E-mailadres').fill('coordinator@markiezaat.example');
    await page.getByRole('button', { name: 'Inloggen met je organisatie' }).click();
    await page.getByRole('alert').getByText('Log in met je wachtwoord').waitFor();
    expect(page.url()).toContain('/admin/#/login');
    await page.close();
  });
});
