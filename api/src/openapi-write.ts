import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { connect } from '@loket/db';
import { buildApp } from './app';

/**
 * Writes the OpenAPI document the routes describe to openapi/openapi.json, or with --check
 * fails when the committed file differs from it. No database is touched.
 */
const target = fileURLToPath(new URL('../../openapi/openapi.json', import.meta.url));

export async function generateOpenApi(): Promise<string> {
  const connection = await connect();
  const app = await buildApp({
    connection,
    publicUrl: 'http://localhost:3000',
    jwtSecret: randomBytes(32).toString('hex'),
  });
  await app.ready();
  const document = `${JSON.stringify(app.swagger(), null, 2)}\n`;
  await app.close();
  await connection.close();
  return document;
}

async function main() {
  const document = await generateOpenApi();
  if (process.argv.includes('--check')) {
    const committed = await readFile(target, 'utf8').catch(() => '');
    if (committed !== document) {
      process.stderr.write('openapi/openapi.json is out of date: run `pnpm openapi:write` and commit the result.\n');
      process.exit(1);
    }
    process.stdout.write('openapi/openapi.json matches the routes.\n');
    return;
  }
  await writeFile(target, document);
  process.stdout.write(`wrote ${target}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
