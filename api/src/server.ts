import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, loadContent, organisations, seedPilot, seedScale, syncContent } from '@loket/db';
import { buildApp } from './app';
import { ConfigError, readConfig } from './config';
import { loadOrCreateSecret } from './secrets';

/** Starts Loket: migrate, sync the programme content, seed an empty database, serve. */
async function main() {
  const config = readConfig();
  await mkdir(config.dataDir, { recursive: true });
  const connection = await connect({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.databaseUrl ? undefined : join(config.dataDir, 'pglite'),
  });
  await connection.migrate();
  const content = await loadContent();
  const sync = await syncContent(connection.db, content);

  let seeded = '';
  const [anyOrganisation] = await connection.db.select({ id: organisations.id }).from(organisations).limit(1);
  if (!anyOrganisation && config.seed.kind === 'pilot') {
    await seedPilot(connection.db, { content });
    seeded = 'the pilot (three libraries, 50 participants)';
  } else if (!anyOrganisation && config.seed.kind === 'scale') {
    await seedScale(connection.db, { participants: config.seed.participants, content });
    seeded = `a national rollout with ${config.seed.participants} participants`;
  }

  const jwtSecret = config.jwtSecret ?? (await loadOrCreateSecret(join(config.dataDir, 'jwt-secret')));
  const app = await buildApp({
    connection,
    jwtSecret,
    corsOrigins: config.corsOrigins,
    publicUrl: config.publicUrl,
    serveAdmin: true,
    logger: { level: config.logLevel },
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining requests');
    await app.close();
    await connection.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const base = config.publicUrl;
  const lines = [
    '',
    `Loket is running on ${connection.driver === 'pglite' ? `PGlite (${join(config.dataDir, 'pglite')})` : 'PostgreSQL'}.`,
    `  API          ${base}/v1/organisations`,
    `  API docs     ${base}/docs`,
    `  OpenAPI      ${base}/v1/openapi.json`,
    `  Admin        ${base}/admin/`,
    `  Programme    version ${sync.versionNumber}${sync.created ? ' (loaded from content/ just now)' : ''}`,
    seeded ? `  Seeded       ${seeded}` : '',
    '',
  ];
  process.stdout.write(`${lines.filter((l, i) => l !== '' || i === 0 || i === lines.length - 1).join('\n')}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(
      `Loket could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
