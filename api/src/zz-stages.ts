import { join } from 'node:path';
import { connect, loadContent } from '@loket/db';
import { buildApp } from './app';
import { readConfig } from './config';
import { issuerIdFor } from './lib/issuer';
import { loadOrCreateIssuerKey } from './secrets';

const g = globalThis as unknown as { gc: () => void };
const mark = (label: string) => {
  g.gc(); g.gc();
  const m = process.memoryUsage();
  process.stderr.write(`${label.padEnd(20)} heapUsed ${(m.heapUsed / 1048576).toFixed(1)} rss ${(m.rss / 1048576).toFixed(1)}\n`);
};
mark('imported');
const config = readConfig();
const connection = await connect({ databaseUrl: config.databaseUrl, maxConnections: config.poolSize });
mark('connected');
const issuerKey = await loadOrCreateIssuerKey(config.issuerKey, join(config.dataDir, 'issuer-key.json'), issuerIdFor(config.publicUrl));
mark('issuer key');
const content = await loadContent();
mark('content');
const app = await buildApp({ connection, jwtSecret: config.jwtSecret ?? 'x'.repeat(40), issuerKey, commissioners: content.commissioners,
  backgroundJobs: process.env.BG === '1', publicUrl: config.publicUrl, serveAdmin: true, logger: { level: 'warn' } });
mark('built');
await app.ready();
mark('ready');
await app.listen({ port: 3292 });
await new Promise((r) => setTimeout(r, 3000));
mark('listening 3s');
await app.inject({ method: 'GET', url: '/v1/openapi.json' });
mark('after openapi.json');
await app.close(); await connection.close();
