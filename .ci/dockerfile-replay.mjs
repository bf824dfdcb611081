// Replays api/Dockerfile without Docker: each stage in a folder of its own under an empty temp
// folder, with the same COPYs (the build context filtered by .dockerignore), RUNs and WORKDIRs; then
// starts the final stage's CMD with its ENV against a throwaway PostgreSQL database and checks that
// it is healthy, serves the admin and answers an authenticated read. Exits 1 on any failure.
// Usage: node .ci/dockerfile-replay.mjs <postgres server url>
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const repo = fileURLToPath(new URL('..', import.meta.url));
const serverUrl = process.argv[2] ?? process.env.REPLAY_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const started = Date.now();
const log = (message) => process.stdout.write(`[replay ${((Date.now() - started) / 1000).toFixed(0)} s] ${message}\n`);

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text) {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, keyword, rest] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
      if (!keyword || rest === undefined) throw new Error(`cannot read the Dockerfile line "${line}"`);
      return { keyword: keyword.toUpperCase(), rest: rest.trim() };
    });
}

/** .dockerignore patterns as regular expressions over context paths (Go filepath.Match plus **). */
function ignoreRules(text) {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const pattern = posix.normalize(line.replace(/^!/, '').replace(/^\/+/, ''));
      let source = '';
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern.charAt(i);
        if (pattern.startsWith('**/', i)) {
          source += '(?:.*/)?';
          i += 2;
        } else if (pattern.startsWith('**', i)) {
          source += '.*';
          i += 1;
        } else if (c === '*') source += '[^/]*';
        else if (c === '?') source += '[^/]';
        else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
      // A pattern that names a folder leaves out everything in it.
      return { negate, regex: new RegExp(`^${source}(?:/.*)?$`) };
    });
}

/** The build context: the working tree (tracked and untracked, not git-ignored) minus .dockerignore. */
function contextFiles() {
  const rules = existsSync(join(repo, '.dockerignore'))
    ? ignoreRules(readFileSync(join(repo, '.dockerignore'), 'utf8'))
    : [];
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repo,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file && existsSync(join(repo, file)));
  return listed.filter((file) => {
    let ignored = false;
    for (const rule of rules) if (rule.regex.test(file)) ignored = !rule.negate;
    return !ignored;
  });
}

function words(rest) {
  if (rest.startsWith('[')) return JSON.parse(rest);
  return rest.split(/\s+/);
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return address.port;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'loket-dockerfile-'));
  const files = contextFiles();
  const stages = [];
  let stage;
  /** A path inside the current stage's file system. */
  const inStage = (path, at = stage) => join(at.root, posix.isAbsolute(path) ? path : posix.join(at.workdir, path));
  let database;
  let server;
  try {
    for (const { keyword, rest } of instructions(readFileSync(join(repo, 'api/Dockerfile'), 'utf8'))) {
      if (keyword === 'FROM') {
        const [image, as, name] = rest.split(/\s+/);
        const nodeMajor = /^node:(\d+)/.exec(image ?? '')?.[1];
        if (nodeMajor !== process.versions.node.split('.')[0])
          throw new Error(`the image ${image} is not this machine's Node ${process.versions.node}`);
        stage = {
          name: as?.toUpperCase() === 'AS' ? name : String(stages.length),
          root: join(work, `stage${stages.length}`),
          workdir: '/',
          env: {},
          cmd: undefined,
        };
        mkdirSync(stage.root, { recursive: true });
        stages.push(stage);
        log(`FROM ${rest}`);
      } else if (!stage) {
        throw new Error(`${keyword} before FROM`);
      } else if (keyword === 'WORKDIR') {
        stage.workdir = posix.resolve(stage.workdir, rest);
        mkdirSync(inStage('.'), { recursive: true });
      } else if (keyword === 'ENV') {
        for (const [, key, value] of rest.matchAll(/(\w+)=("[^"]*"|\S*)/g))
          stage.env[key] = value.replace(/^"|"$/g, '');
      } else if (keyword === 'COPY') {
        const parts = words(rest);
        const from = parts.find((part) => part.startsWith('--from='))?.slice('--from='.length);
        const paths = parts.filter((part) => !part.startsWith('--'));
        const dest = paths.pop();
        const destDir = dest.endsWith('/') || paths.length > 1 || dest === '.';
        for (const src of paths) {
          if (from !== undefined) {
            const source = stages.find((s) => s.name === from);
            if (!source) throw new Error(`COPY --from=${from}: no such stage`);
            const path = inStage(src, { ...source, workdir: '/' });
            if (!existsSync(path)) throw new Error(`COPY --from=${from} ${src}: not there`);
            const target = destDir ? join(inStage(dest), posix.basename(src)) : inStage(dest);
            mkdirSync(dirname(target), { recursive: true });
            // cp -a keeps pnpm's symlinks as they are, as Docker's COPY does.
            execFileSync('cp', ['-a', path, target]);
          } else {
            const prefix = posix.normalize(src).replace(/\/$/, '');
            const matched = files.filter((file) => prefix === '.' || file === prefix || file.startsWith(`${prefix}/`));
            if (matched.length === 0) throw new Error(`COPY ${src}: not in the build context`);
            for (const file of matched) {
              const isFile = file === prefix;
              const relativePath = isFile
                ? posix.basename(file)
                : prefix === '.'
                  ? file
                  : file.slice(prefix.length + 1);
              const target = isFile && !destDir ? inStage(dest) : join(inStage(dest), relativePath);
              mkdirSync(dirname(target), { recursive: true });
              cpSync(join(repo, file), target);
            }
          }
        }
        log(`COPY ${rest}`);
      } else if (keyword === 'RUN') {
        const tool = /^npm install -g (\S+)@(\S+)$/.exec(rest);
        if (tool && execFileSync(tool[1], ['--version'], { encoding: 'utf8' }).trim() === tool[2]) {
          log(`RUN ${rest} (already here)`);
          continue;
        }
        log(`RUN ${rest}`);
        execFileSync('bash', ['-ec', rest], {
          cwd: inStage('.'),
          stdio: ['ignore', 'inherit', 'inherit'],
          env: { ...process.env, ...stage.env, CI: 'true' },
        });
      } else if (keyword === 'CMD') {
        stage.cmd = words(rest);
      } else if (!['EXPOSE', 'USER', 'HEALTHCHECK', 'LABEL', 'ARG'].includes(keyword)) {
        throw new Error(`the replay does not know ${keyword}`);
      }
    }
    const final = stages.at(-1);
    if (!final?.cmd) throw new Error('no CMD in the final stage');

    // Production dependencies only: none of the build's tools may be in the final stage.
    const devToolPaths = ['typescript', 'tsx', 'vitest', 'esbuild', 'vite', '@biomejs'].flatMap((tool) => [
      '-o',
      '-path',
      `*/node_modules/${tool}`,
      '-o',
      '-path',
      `*/node_modules/.pnpm/${tool.replace('/', '+')}@*`,
    ]);
    const devTools = execFileSync('find', [final.root, '(', ...devToolPaths.slice(1), ')', '-prune', '-print'], {
      encoding: 'utf8',
    }).trim();
    if (devTools) throw new Error(`development tools in the final stage:\n${devTools}`);

    const name = `loket_replay_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    database = name;
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;

    const port = await freePort();
    const issuerKey = execFileSync('pnpm', ['--silent', 'issuer:key'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, PUBLIC_URL: `http://127.0.0.1:${port}` },
    }).trim();
    // Absolute paths in ENV are paths in the image.
    const env = Object.fromEntries(
      Object.entries(final.env).map(([key, value]) => [key, posix.isAbsolute(value) ? join(final.root, value) : value]),
    );
    const [command, ...args] = final.cmd;
    const base = `http://127.0.0.1:${port}`;
    log(`CMD ${final.cmd.join(' ')} on ${base}`);
    let output = '';
    server = spawn(command === 'node' ? process.execPath : command, args, {
      cwd: inStage('.', final),
      env: {
        PATH: process.env.PATH,
        ...env,
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: base,
        DATABASE_URL: url.toString(),
        JWT_SECRET: randomBytes(24).toString('hex'),
        LOKET_ISSUER_KEY: issuerKey,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout.on('data', (chunk) => {
      output += chunk;
    });
    server.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the server exited while starting:\n${output}`);
      const ready = await fetch(`${base}/health/ready`).catch(() => undefined);
      if (ready?.status === 200) break;
      if (Date.now() > deadline) throw new Error(`the server did not become ready:\n${output}`);
      await sleep(500);
    }
    // The first worker prints the URLs once it has seeded; the others start after it.
    while (!/Loket: \d+ API processes|Demo logins/.test(output) && Date.now() < deadline) await sleep(200);
    log('ready');
    const live = await fetch(`${base}/health/live`);
    if (live.status !== 200) throw new Error(`/health/live answered ${live.status}`);
    const spa = await fetch(`${base}/admin/`);
    if (spa.status !== 200 || !(await spa.text()).includes('<div id="root"'))
      throw new Error(`/admin/ answered ${spa.status} without the admin`);
    const token = await fetch(`${base}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: 'admin@kb.example', password: 'loket-demo' }),
    });
    if (token.status !== 200) throw new Error(`sign-in answered ${token.status}: ${await token.text()}`);
    const { access_token: accessToken } = await token.json();
    const read = await fetch(`${base}/v1/organisations?kind=library&limit=5`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const body = await read.json();
    if (read.status !== 200 || !Array.isArray(body.data) || body.data.length === 0)
      throw new Error(`the authenticated read answered ${read.status}: ${JSON.stringify(body)}`);
    log(`healthy; signed in and read ${body.data.length} libraries`);
    // What loads only when first needed must be in the image too: PDFKit with its fonts, and the
    // cmi5 course structure's XSD with the validator that reads it.
    const auth = { authorization: `Bearer ${accessToken}` };
    const [certificate] = (await (await fetch(`${base}/v1/certificates?limit=1`, { headers: auth })).json()).data ?? [];
    if (!certificate) throw new Error('the seeded pilot has no certificate to print');
    const pdf = await fetch(`${base}/v1/certificates/${certificate.id}/pdf`, { headers: auth });
    const pdfBytes = Buffer.from(await pdf.arrayBuffer());
    if (pdf.status !== 200 || pdfBytes.subarray(0, 5).toString() !== '%PDF-')
      throw new Error(`the certificate PDF answered ${pdf.status}`);
    const courseStructure = `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://cursus.example/replay"><title><langstring lang="nl-NL">Proef</langstring></title><description><langstring lang="nl-NL">Proef</langstring></description></course>
  <au id="https://cursus.example/replay/au" moveOn="Completed"><title><langstring lang="nl-NL">Proef</langstring></title><description><langstring lang="nl-NL">Proef</langstring></description><url>https://cursus.example/replay/index.html</url></au>
</courseStructure>`;
    const imported = await fetch(`${base}/v1/cmi5/courses`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/xml' },
      body: courseStructure,
    });
    if (imported.status !== 201)
      throw new Error(`the cmi5 import answered ${imported.status}: ${await imported.text()}`);
    log('printed a certificate and imported a cmi5 course');
    server.kill('SIGTERM');
    const code = await new Promise((resolve) => server.once('exit', (exitCode) => resolve(exitCode)));
    if (code !== 0) throw new Error(`the server did not stop cleanly on SIGTERM (exit ${code}):\n${output}`);
    server = undefined;
    log('stopped cleanly on SIGTERM');
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      await sleep(500);
    }
    if (database) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    }
    // rm is many times faster than Node's rmSync on two node_modules trees.
    execFileSync('rm', ['-rf', work]);
  }
}

main().then(
  () => log('the Dockerfile builds and serves'),
  (error) => {
    process.stderr.write(`dockerfile replay failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
