import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connect, loadContent } from '@loket/db';
import { readConfig } from './config';
import { issuerIdFor } from './lib/issuer';
import { loadOrCreateIssuerKey } from './secrets';
import { seedIfEmpty } from './seed';

/**
 * `pnpm db:seed [--pilot | --scale N]`: seeds the configured database (DATABASE_URL, or PGlite in
 * the data directory) when it is empty.
 */
const { values } = parseArgs({ options: { pilot: { type: 'boolean' }, scale: { type: 'string' } } });
const participants = values.scale === undefined ? undefined : Number(values.scale);
if (participants !== undefined && (!Number.isInteger(participants) || participants < 1)) {
  process.stderr.write('--scale takes a number of participants, e.g. --scale 20000\n');
  process.exit(1);
}

const config = readConfig();
await mkdir(config.dataDir, { recursive: true });
const connection = await connect({
  databaseUrl: config.databaseUrl,
  pgliteDir: config.databaseUrl ? undefined : join(config.dataDir, 'pglite'),
});
try {
  await connection.migrate();
  const issuerKey = await loadOrCreateIssuerKey(
    config.issuerKey,
    join(config.dataDir, 'issuer-key.json'),
    issuerIdFor(config.publicUrl),
  );
  const started = Date.now();
  const outcome = await seedIfEmpty(
    connection,
    participants === undefined ? { kind: 'pilot' } : { kind: 'scale', participants },
    await loadContent(),
    { publicUrl: config.publicUrl, issuerKey },
  );
  if (!outcome) {
    process.stderr.write('The database already has organisations; seed an empty database.\n');
    process.exitCode = 1;
  } else {
    process.stdout.write(`Seeded ${outcome.description} in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  }
} finally {
  await connection.close();
}
