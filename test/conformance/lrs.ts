/**
 * `pnpm test:lrs`: ADL's xAPI LRS conformance test suite (MIT) against a running Loket.
 *
 * Copies the suite (from LRS_SUITE_DIR, which .ci/run sets to the copy beside the checkout) to a
 * temporary folder, installs its
 * dependencies from npm, makes a throwaway PostgreSQL database (on LRS_DATABASE_URL's server,
 * default postgres://postgres@127.0.0.1:5432/postgres), starts Loket on a free port with an API
 * client (scope write:progress) as the LRS key and secret, and runs the suite for xAPI 1.0.3 over
 * HTTP Basic. Prints the suite's failures and `lrs conformance: N passed, N failed`; exits non-zero
 * when a test failed or the suite could not run. For work on a few requirements: LRS_SUITE_FILES
 * picks the 1.0.3 test files whose names contain one of its comma-separated words (a failing setup
 * hook ends a whole mocha run, so one file at a time shows more), arguments after `--` go to the
 * suite's console runner (`-g <pattern>`), and LRS_SUITE_WORK names a folder that keeps an
 * installed copy between runs.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClients, exists, run, startLoket, throwawayDatabase } from './harness';

const serverUrl = process.env.LRS_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function suiteSource(): Promise<string> {
  const dir = process.env.LRS_SUITE_DIR;
  if (dir && (await exists(join(dir, 'bin/console_runner.js')))) return dir;
  throw new Error(
    `ADL's LRS conformance suite is not at LRS_SUITE_DIR (${dir ?? 'unset'}): set it to a copy of the suite.`,
  );
}

async function installedSuite(source: string): Promise<{ dir: string; temporary: boolean }> {
  const kept = process.env.LRS_SUITE_WORK;
  const dir = kept ?? (await mkdtemp(join(tmpdir(), 'lrs-suite-')));
  if (kept && (await exists(join(kept, 'node_modules/mocha')))) return { dir, temporary: false };
  await cp(source, dir, { recursive: true });
  console.log(`Installing the suite's dependencies in ${dir} ...`);
  const install = await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    quiet: true,
  });
  if (install.code !== 0) throw new Error(`npm install of the suite failed:\n${install.output}`);
  return { dir, temporary: !kept };
}

/** The suite's arguments for the version or for a folder of some of its 1.0.3 test files. */
async function selection(dir: string): Promise<string[]> {
  const words = (process.env.LRS_SUITE_FILES ?? '').split(',').filter(Boolean);
  if (words.length === 0) return ['-x', '1.0.3'];
  const all = join(dir, 'test/v1_0_3');
  const folder = 'v1_0_3_selected';
  const selected = join(dir, 'test', folder);
  await rm(selected, { recursive: true, force: true });
  await mkdir(selected);
  // The helper finds the configs and templates under the folder it runs.
  await symlink(join(all, 'configs'), join(selected, 'configs'));
  await symlink(join(all, 'templates'), join(selected, 'templates'));
  const files = (await readdir(all)).filter((file) => file.endsWith('.js') && words.some((w) => file.includes(w)));
  for (const file of files) await cp(join(all, file), join(selected, file));
  console.log(`Test files: ${files.join(', ')}`);
  return ['-d', folder];
}

interface LogNode {
  title?: string;
  status?: string;
  error?: string;
  tests?: LogNode[];
}

/** The failed tests of the suite's log, with the titles of the describes they are in. */
function failures(node: LogNode | undefined, path: string[] = []): string[] {
  if (!node) return [];
  const here = node.title ? [...path, node.title] : path;
  const children = node.tests ?? [];
  if (children.length === 0) return node.status === 'failed' ? [`${here.join(' > ')}\n    ${node.error ?? ''}`] : [];
  return children.flatMap((child) => failures(child, here));
}

async function main() {
  const started = Date.now();
  const extra = process.argv.slice(2).filter((arg) => arg !== '--');
  const source = await suiteSource();
  const suite = await installedSuite(source);
  const database = await throwawayDatabase(serverUrl, 'loket_lrs_');
  const dataDir = await mkdtemp(join(tmpdir(), 'loket-lrs-'));
  let loket: Awaited<ReturnType<typeof startLoket>> | undefined;
  try {
    // The LRS key and secret: an API client with write:progress.
    const {
      lrs: { key, secret },
    } = await apiClients(database.url, {
      lrs: { prefix: 'lrs_conformance_', name: 'ADL LRS conformance suite', scopes: ['write:progress'] },
    });
    loket = await startLoket(database.url, dataDir);
    console.log(`Running ADL's LRS conformance suite (xAPI 1.0.3) against ${loket.endpoint} ...`);
    const runner = await run(
      process.execPath,
      [
        'bin/console_runner.js',
        '-e',
        loket.endpoint,
        '-a',
        '-u',
        key,
        '-p',
        secret,
        ...(await selection(suite.dir)),
        '-z',
        ...extra,
      ],
      { cwd: suite.dir, quiet: true },
    );
    const logPath = /Full run log written to (.+\.log)/.exec(runner.output)?.[1];
    const summaries = [...runner.output.matchAll(/^\{"total":.*\}$/gm)].map((m) => JSON.parse(m[0]));
    const summary = summaries[summaries.length - 1] as { total: number; passed: number; failed: number } | undefined;
    if (!summary || !logPath) {
      console.log(runner.output.slice(-5000));
      throw new Error('The suite ended without a summary.');
    }
    const log = JSON.parse(await readFile(logPath, 'utf8')) as { log?: LogNode };
    const failed = failures(log.log);
    for (const line of failed) console.log(`FAIL ${line}`);
    const seconds = Math.round((Date.now() - started) / 1000);
    const suiteSeconds = Number(/Tests completed in ([\d.]+) seconds/.exec(runner.output)?.[1] ?? 0);
    console.log(`Duration: ${seconds} s in all, ${Math.round(suiteSeconds)} s of tests`);
    console.log(`lrs conformance: ${summary.passed} passed, ${summary.failed} failed`);
    process.exitCode = summary.failed > 0 || summary.passed === 0 ? 1 : 0;
  } finally {
    await loket?.stop();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
    if (suite.temporary) await rm(suite.dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.log('lrs conformance: 0 passed, 1 failed');
  process.exitCode = 1;
});
