import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildApp } from '@loket/api';
import { type DemoAccount, loadContent } from '@loket/db';
import type { AxeResults, Result } from 'axe-core';
import axe from 'axe-core';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { adminDist } from '../../../api/src/plugins/admin';
import { demoPassword, seedIfEmpty } from '../../../api/src/seed';
import { freshDatabase, type TestDatabase } from '../../support/database';
import { freePort } from '../../support/ports';
import { testSigning } from '../../support/signing';

export const screenshotDir = fileURLToPath(new URL('../screenshots/', import.meta.url));

/** Debian's chromium; never a downloaded browser. */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

export interface Stage {
  baseUrl: string;
  accounts: DemoAccount[];
  database: TestDatabase;
  app: FastifyInstance;
  browser: Browser;
  /** A fresh browser context (its own storage, so its own session) in Dutch, on Amsterdam time unless told. */
  newPage(options?: { timezoneId?: string }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The built admin served by the real API on its own database (PostgreSQL when TEST_DATABASE_URL is
 * set, as in CI), seeded with the programme's story and its demo accounts, and a headless Chromium.
 */
export async function startStage(): Promise<Stage> {
  if (!existsSync(`${adminDist}/index.html`))
    throw new Error('admin/dist is missing: run pnpm --filter @loket/admin build');
  const database = await freshDatabase();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const signing = await testSigning(baseUrl);
  const seeded = await seedIfEmpty(database.connection, { kind: 'pilot' }, await loadContent(), signing);
  const app = await buildApp({
    connection: database.connection,
    jwtSecret: randomBytes(32).toString('hex'),
    publicUrl: baseUrl,
    issuerKey: signing.issuerKey,
    serveAdmin: true,
    backgroundJobs: true,
    loginRateLimit: 10_000,
    // The sign-in test's identity provider runs on this machine, over plain http.
    allowHttpIssuers: true,
  });
  await app.listen({ host: '127.0.0.1', port });
  const browser = await chromium.launch({ executablePath, args: browserFlags });
  await mkdir(screenshotDir, { recursive: true });
  return {
    baseUrl,
    accounts: seeded?.accounts ?? [],
    database,
    app,
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({
        locale: 'nl-NL',
        timezoneId: options.timezoneId ?? 'Europe/Amsterdam',
        viewport: { width: 1366, height: 900 },
        acceptDownloads: true,
        // The admin then shows dialogs without fading them in, so axe checks colours as they settle.
        reducedMotion: 'reduce',
      });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    async close() {
      await browser.close();
      await app.close();
      await database.drop();
    },
  };
}

/** Signs in through the admin's own login form and waits for the menu. */
export async function signIn(page: Page, stage: Stage, email: string): Promise<void> {
  await page.goto(`${stage.baseUrl}/admin/#/login`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByRole('textbox', { name: 'Wachtwoord' }).fill(demoPassword);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.waitForURL((url) => !url.hash.startsWith('#/login'));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
}

/** axe-core on the page as it is now: the violations a screen-reader or keyboard user would hit hardest. */
export async function seriousViolations(page: Page): Promise<Result[]> {
  // Through the debugging protocol, not a script tag: the admin's CSP rightly refuses inline scripts.
  await page.evaluate(axe.source);
  const results = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as AxeResults;
  return results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** A readable summary for a failing expectation. */
export function describeViolations(violations: Result[]): string[] {
  return violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} at ${violation.nodes
        .slice(0, 3)
        .map((node) => `${node.target.join(' ')} (${node.failureSummary ?? ''})`)
        .join('; ')}`,
  );
}

/** What the API itself says a demo account may see: the figure a screen must agree with. */
export async function totalOf(stage: Stage, email: string, path: string): Promise<number> {
  const list = await stage.app.inject({
    method: 'GET',
    url: path,
    headers: { authorization: `Bearer ${await tokenOf(stage, email)}` },
  });
  return list.json<{ page: { total: number } }>().page.total;
}

/** A browser test file's stage: started before its tests (and handed to `started`), closed after them. */
export function onStage(started: (stage: Stage) => void): void {
  let stage: Stage | undefined;
  beforeAll(async () => {
    stage = await startStage();
    started(stage);
  });
  afterAll(async () => {
    await stage?.close();
  });
}

/** A page that reports the admin's own script errors, so a failing step says why. */
export async function openPage(stage: Stage, timezoneId?: string): Promise<Page> {
  const page = await stage.newPage(timezoneId ? { timezoneId } : {});
  page.on('pageerror', (error) => console.error('admin error:', error.message));
  return page;
}

export async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page).then(describeViolations)).toEqual([]);
}

/** A demo account's access token, signed in through the API itself. */
export async function tokenOf(stage: Stage, email: string): Promise<string> {
  const response = await stage.app.inject({
    method: 'POST',
    url: '/v1/auth/token',
    payload: { grant_type: 'password', username: email, password: demoPassword },
  });
  return response.json<{ access_token: string }>().access_token;
}

/**
 * Prepares what a test needs through the API as a demo account, failing unless the call succeeds; a
 * PATCH sends the record's current version as If-Match, as the admin does.
 */
export async function apiAs<T>(
  stage: Stage,
  email: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  payload?: object,
): Promise<T> {
  let headers: Record<string, string> = { authorization: `Bearer ${await tokenOf(stage, email)}` };
  if (method === 'PATCH') {
    const current = await stage.app.inject({ method: 'GET', url, headers });
    headers = { ...headers, 'if-match': `"${current.json<{ version: number }>().version}"` };
  }
  const response = await stage.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response.json<T>();
}

/** Prepares what a test needs through the API with a token, failing unless the call succeeds. */
export async function apiWith<T>(
  stage: Stage,
  token: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  payload?: object,
  version?: number,
): Promise<T> {
  const response = await stage.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(version === undefined ? {} : { 'if-match': `"${version}"` }) },
    ...(payload ? { payload } : {}),
  });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response.json<T>();
}
