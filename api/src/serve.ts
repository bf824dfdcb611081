import cluster from 'node:cluster';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, loadContent, syncContent } from '@loket/db';
import { buildApp } from './app';
import { readConfig } from './config';
import { issuerIdFor } from './lib/issuer';
import { loadOrCreateIssuerKey, loadOrCreateSecret } from './secrets';
import { demoPassword, seedIfEmpty } from './seed';

/**
 * Serves Loket in this process. The preparing process (the only one, or the cluster's first) also
 * migrates, syncs the programme content and seeds an empty database, and then prints the URLs.
 */
export async function serve({ prepare }: { prepare: boolean }) {
  const config = readConfig();
  await mkdir(config.dataDir, { recursive: true });
  const connection = await connect({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.databaseUrl ? undefined : join(config.dataDir, 'pglite'),
    maxConnections: config.poolSize,
  });
  if (prepare) await connection.migrate();
  const jwtSecret = config.jwtSecret ?? (await loadOrCreateSecret(join(config.dataDir, 'jwt-secret')));
  const issuerKey = await loadOrCreateIssuerKey(
    config.issuerKey,
    join(config.dataDir, 'issuer-key.json'),
    issuerIdFor(config.publicUrl),
  );
  const content = await loadContent();
  // The seed stores the programme's history (the pilot version, then today's); content/ is today's.
  const seedStarted = Date.now();
  const seeded = prepare
    ? await seedIfEmpty(connection, config.seed, content, { publicUrl: config.publicUrl, issuerKey })
    : undefined;
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  const sync = prepare ? await syncContent(connection.db, content) : undefined;
  const app = await buildApp({
    connection,
    jwtSecret,
    issuerKey,
    commissioners: content.commissioners,
    backgroundJobs: true,
    corsOrigins: config.corsOrigins,
    publicUrl: config.publicUrl,
    serveAdmin: true,
    logger: { level: config.logLevel },
    pressureLimits: config.pressureLimits,
    ...(config.eventRetentionDays ? { retention: { eventDays: config.eventRetentionDays } } : {}),
    allowPrivateWebhookTargets: config.allowPrivateWebhookTargets,
    trustProxy: config.trustProxy,
    callerLimits: config.callerLimits,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    ...(config.mail ? { mail: { transport: config.mail.smtpUrl, from: config.mail.from } } : {}),
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining requests');
    await app.close();
    app.log.info('requests drained, background jobs stopped');
    await connection.close();
    app.log.info('database connections closed');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A cluster worker whose supervisor is gone (killed) stops too, rather than serving unsupervised.
  if (cluster.isWorker) process.on('disconnect', () => void shutdown('disconnect'));

  await app.listen({ port: config.port, host: config.host });
  if (!sync) return;
  const base = config.publicUrl;
  const lines = [
    '',
    `Loket is running on ${connection.driver === 'pglite' ? `PGlite (${join(config.dataDir, 'pglite')})` : 'PostgreSQL'}.`,
    `  API          ${base}/v1/organisations`,
    `  API docs     ${base}/docs`,
    `  OpenAPI      ${base}/v1/openapi.json`,
    `  Admin        ${base}/admin/`,
    `  Programme    version ${sync.versionNumber}${sync.created ? ' (loaded from content/ just now)' : ''}`,
  ];
  if (seeded) {
    lines.push(
      `  Seeded       ${seeded.description} (${seedSeconds.toFixed(1)} s)`,
      '',
      `Demo logins (password "${demoPassword}"):`,
    );
    for (const account of seeded.accounts)
      lines.push(
        `  ${account.role.padEnd(12)} ${account.email.padEnd(44)} ${account.organisation}${account.note ? ` (${account.note})` : ''}`,
      );
  } else {
    lines.push('', `Demo logins: see README.md (password "${demoPassword}").`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
