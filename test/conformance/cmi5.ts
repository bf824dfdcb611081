/**
 * `pnpm test:cmi5`: the LMS Test Suite of ADL's Project CATAPULT (Apache-2.0) against a running Loket.
 *
 * Copies the suite (from CMI5_SUITE_DIR, which .ci/run sets to the copy beside the checkout) to a
 * temporary folder, installs it from npm without a browser download, builds its test packages, makes
 * a throwaway PostgreSQL database (on CMI5_DATABASE_URL's server, default
 * postgres://postgres@127.0.0.1:5432/postgres), starts Loket on a free port with two national API
 * clients (manage:courses for importing, launching, waiving and abandoning; write:progress as the LRS
 * key and secret), and runs both of the suite's test files in one jest run, its AUs in headless
 * Debian Chromium (/usr/bin/chromium, or CHROMIUM_PATH) through Loket's LMS script
 * (test/conformance/catapult/lms.loket.cjs). Prints the failures, the skipped tests with the reason,
 * and `cmi5 conformance: N passed, N failed`; exits non-zero when a test failed or the suite could
 * not run. CMI5_SUITE_WORK names a folder that keeps the installed and built copy between runs;
 * arguments after `--` go to jest (`-t <name pattern>`).
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { apiClients, exists, run, startLoket, throwawayDatabase } from './harness';

const serverUrl = process.env.CMI5_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const lmsScript = join(here, 'catapult/lms.loket.cjs');
const verdictsScript = join(here, 'catapult/au-verdicts.cjs');
// Puppeteer must never fetch a browser here: the suite drives Debian's Chromium.
const noDownload = { PUPPETEER_SKIP_DOWNLOAD: '1', PUPPETEER_SKIP_CHROMIUM_DOWNLOAD: '1' };

async function suiteSource(): Promise<string> {
  const dir = process.env.CMI5_SUITE_DIR;
  if (dir && (await exists(join(dir, 'lib/helpers.js'))) && (await exists(join(dir, '__tests__/runtime.js')))) {
    return dir;
  }
  throw new Error(
    `ADL's CATAPULT LMS Test Suite is not at CMI5_SUITE_DIR (${dir ?? 'unset'}): set it to a copy of the suite ` +
      '(the lts/ folder of the CATAPULT repository).',
  );
}

/** Copies the suite into `dir`, installs it and builds its test packages. */
async function install(source: string, dir: string) {
  await cp(source, dir, { recursive: true });
  // The source may be read-only; its copy gets node_modules, the built packages and the .env.
  await run('chmod', ['-R', 'u+w', dir], { cwd: dir, quiet: true });
  console.log(`Installing the suite's dependencies in ${dir} ...`);
  const env = { ...process.env, ...noDownload };
  const npm = await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env, quiet: true });
  if (npm.code !== 0) throw new Error(`npm ci of the suite failed:\n${npm.output}`);
  console.log("Building the suite's test packages ...");
  // Its webpack 5.45 hashes with MD4, which Node 17+ offers only with the legacy OpenSSL provider.
  const build = await run(join(dir, 'node_modules/.bin/webpack'), [], {
    cwd: join(dir, 'pkg'),
    env: { ...env, NODE_OPTIONS: '--openssl-legacy-provider' },
    quiet: true,
  });
  if (build.code !== 0) throw new Error(`Building the suite's packages failed:\n${build.output.slice(-5000)}`);
}

/** The suite copied, installed and its packages built; a kept folder that has all that is reused. */
async function installedSuite(source: string): Promise<{ dir: string; temporary: boolean }> {
  const kept = process.env.CMI5_SUITE_WORK;
  if (kept) {
    const ready = (await exists(join(kept, 'node_modules/.bin/jest'))) && (await exists(join(kept, 'pkg/dist')));
    if (!ready) await install(source, kept);
    return { dir: kept, temporary: false };
  }
  const dir = await mkdtemp(join(tmpdir(), 'cmi5-suite-'));
  try {
    await install(source, dir);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, temporary: true };
}

/** The suite's browser: Debian's Chromium, headless, without sandbox (CI runs as root) or background traffic. */
function puppeteerConfig() {
  const launch = {
    executablePath: chromium,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  };
  return `module.exports = ${JSON.stringify({ launch }, null, 2)};\n`;
}

// The suite's own jest configuration, and the setup file that reports what failing AUs said.
const jestConfig = `const suite = require('./jest.config.js');
module.exports = { ...suite, setupFilesAfterEnv: [...suite.setupFilesAfterEnv, './lib/loket-au-verdicts.js'] };
`;

function dotenv(values: Record<string, string>) {
  return `${Object.entries(values)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join('\n')}\n`;
}

interface JestAssertion {
  ancestorTitles: string[];
  title: string;
  status: 'passed' | 'failed' | 'pending' | 'skipped' | 'todo' | 'disabled';
  failureMessages: string[];
}
interface JestReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { name: string; status: string; message: string; assertionResults: JestAssertion[] }[];
}

/** The first lines of a failure, without colours or the stack. */
function brief(message: string): string {
  const lines = stripVTControlCharacters(message)
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^\s+at /.test(line));
  return lines
    .slice(0, 6)
    .map((line) => `    ${line.trim().slice(0, 300)}`)
    .join('\n');
}

/** A test's file, describes and title; requirement texts cut short (the id says which). */
function title(test: JestAssertion & { file: string }): string {
  return [test.file, ...test.ancestorTitles, test.title]
    .map((part) => (part.length > 110 ? `${part.slice(0, 109)}…` : part))
    .join(' > ');
}

/** Why the suite skipped a test: it runs its abandon and waive tests only when the LMS script offers them. */
function skipReason(test: JestAssertion): string {
  const where = test.ancestorTitles.join(' ');
  if (where.includes('abandoned')) return 'the LMS script offers no abandon (hasAbandon() is false)';
  if (where.includes('waived')) return 'the LMS script offers no waive (hasWaive() is false)';
  return 'skipped by the suite itself';
}

/** What the failing AUs reported, from the lines catapult/au-verdicts.cjs prints. */
function auVerdicts(output: string): string[] {
  return [...output.matchAll(/^LOKET-AU-VERDICT (.+)$/gm)].map((line) => {
    const verdict = JSON.parse(line[1] ?? '{}') as { package: string; requirement: string; message: string };
    return `${verdict.package}: ${verdict.requirement ? `${verdict.requirement}: ` : ''}${verdict.message}`;
  });
}

/** Loket's error log lines (level error or fatal), the first ten, cut short. */
function loketErrors(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => /"level":(50|60)\b/.test(line))
    .slice(0, 10)
    .map((line) => line.slice(0, 500));
}

async function main() {
  const started = Date.now();
  const extra = process.argv.slice(2).filter((arg) => arg !== '--');
  if (!(await exists(chromium))) throw new Error(`No Chromium at ${chromium} (set CHROMIUM_PATH).`);
  const source = await suiteSource();
  const suite = await installedSuite(source);
  const database = await throwawayDatabase(serverUrl, 'loket_cmi5_');
  const dataDir = await mkdtemp(join(tmpdir(), 'loket-cmi5-'));
  let loket: Awaited<ReturnType<typeof startLoket>> | undefined;
  try {
    const clients = await apiClients(database.url, {
      lms: { prefix: 'cmi5_lms_', name: "ADL CATAPULT LMS Test Suite's course manager", scopes: ['manage:courses'] },
      lrs: { prefix: 'cmi5_lrs_', name: "ADL CATAPULT LMS Test Suite's LRS key", scopes: ['write:progress'] },
    });
    loket = await startLoket(database.url, dataDir);
    await cp(lmsScript, join(suite.dir, 'lib/lms.loket.js'));
    await cp(verdictsScript, join(suite.dir, 'lib/loket-au-verdicts.js'));
    await writeFile(join(suite.dir, 'loket.jest.config.js'), jestConfig);
    await writeFile(join(suite.dir, 'jest-puppeteer.config.js'), puppeteerConfig());
    await writeFile(
      join(suite.dir, '.env'),
      dotenv({
        CATAPULT_LMS: './lib/lms.loket.js',
        LOKET_URL: loket.base,
        LOKET_CLIENT_ID: clients.lms.key,
        LOKET_CLIENT_SECRET: clients.lms.secret,
        LRS_ENDPOINT: `${loket.endpoint}/`,
        LRS_KEY: clients.lrs.key,
        LRS_SECRET: clients.lrs.secret,
      }),
    );
    const reportPath = join(suite.dir, 'var/loket-results.json');
    await rm(reportPath, { force: true });
    await mkdir(dirname(reportPath), { recursive: true });
    console.log(`Running ADL's CATAPULT LMS Test Suite against ${loket.base} ...`);
    const jest = await run(
      join(suite.dir, 'node_modules/.bin/jest'),
      [
        '--config',
        'loket.jest.config.js',
        '--runInBand',
        // An AU's run takes 1-4 s here; jest's default 5 s limit would make a busy CI machine's run flaky.
        '--testTimeout',
        '30000',
        '--ci',
        '--json',
        `--outputFile=${reportPath}`,
        '__tests__/package.js',
        '__tests__/runtime.js',
        ...extra,
      ],
      { cwd: suite.dir, env: { ...process.env, ...noDownload }, quiet: true },
    );
    await writeFile(join(suite.dir, 'var/loket-jest-output.log'), jest.output);
    if (!(await exists(reportPath))) {
      console.log(jest.output.slice(-5000));
      throw new Error('The suite ended without a report.');
    }
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as JestReport;
    const tests = report.testResults.flatMap((file) =>
      file.assertionResults.map((test) => ({ file: file.name.slice(suite.dir.length + 1), ...test })),
    );
    // A failing AU run fails the checks of its statements after it with one same message: say it once.
    let previous = '';
    for (const test of tests.filter((t) => t.status === 'failed')) {
      const message = brief(test.failureMessages.join('\n'));
      console.log(`FAIL ${title(test)}`);
      console.log(message === previous ? '    (the same)' : message);
      previous = message;
    }
    // A test file that fails outside its tests (loading, the LMS script's setup) counts as one failure.
    const broken = report.testResults.filter(
      (file) => file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed'),
    );
    for (const file of broken) console.log(`FAIL ${file.name.slice(suite.dir.length + 1)}\n${brief(file.message)}`);
    const verdicts = auVerdicts(jest.output);
    if (verdicts.length > 0) console.log(`What the failing AUs reported:\n${verdicts.map((v) => `  ${v}`).join('\n')}`);
    const skipped = tests.filter((t) => t.status !== 'passed' && t.status !== 'failed');
    if (skipped.length > 0) {
      console.log(`Skipped: ${skipped.length}`);
      for (const test of skipped) {
        console.log(`  ${title(test)}: ${skipReason(test)}`);
      }
    }
    const errors = loketErrors(loket.output());
    if (errors.length > 0) console.log(`Loket logged errors:\n${errors.map((e) => `  ${e}`).join('\n')}`);
    const passed = report.numPassedTests;
    const failed = report.numFailedTests + broken.length;
    console.log(`Duration: ${Math.round((Date.now() - started) / 1000)} s`);
    console.log(`cmi5 conformance: ${passed} passed, ${failed} failed`);
    process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
  } finally {
    await loket?.stop();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
    if (suite.temporary) await rm(suite.dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.log('cmi5 conformance: 0 passed, 1 failed');
  process.exitCode = 1;
});
