import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import ipaddr from 'ipaddr.js';
import { type CallerLimits, defaultCallerLimits } from './plugins/caller-limits';
import type { PressureLimits } from './plugins/pressure';

export type SeedMode = { kind: 'pilot' } | { kind: 'none' } | { kind: 'scale'; participants: number };

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  seed: SeedMode;
  publicUrl: string;
  corsOrigins: string[];
  logLevel: string;
  production: boolean;
  /** From JWT_SECRET; in development made and kept in the data directory when unset. */
  jwtSecret: string | undefined;
  /** From LOKET_ISSUER_KEY (the JSON of an exported Ed25519 key pair); likewise. */
  issuerKey: string | undefined;
  /** When to answer 503 because the process is overloaded (MAX_EVENT_LOOP_DELAY_MS and friends). */
  pressureLimits: PressureLimits;
  /** From METRICS_TOKEN: the bearer token a Prometheus scraper sends to read /metrics. */
  metricsToken: string | undefined;
  /** From SMTP_URL and MAIL_FROM; without them e-mails are kept in the database, not sent. */
  mail: { smtpUrl: string; from: string } | undefined;
  /** From EVENT_RETENTION_DAYS: how long events, webhook deliveries and sent e-mails are kept; unset: the app's default. */
  eventRetentionDays: number | undefined;
  /** From WEBHOOK_ALLOW_PRIVATE_TARGETS: webhooks may go to private addresses (receivers on the premises). */
  allowPrivateWebhookTargets: boolean;
  /** From TRUST_PROXY: whose X-Forwarded-For to believe (Fastify's trustProxy). */
  trustProxy: boolean | number | string[];
  /** From RATE_LIMIT_PER_MINUTE and CLIENT_RATE_LIMIT_PER_MINUTE. */
  callerLimits: CallerLimits;
  /**
   * From WORKERS: how many API processes serve the port (Node's cluster module). Default: one per
   * core on PostgreSQL; always one on PGlite, which only one process can open.
   */
  workers: number;
  /** From DATABASE_POOL_SIZE: PostgreSQL connections each process may hold. Default 10. */
  poolSize: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parseSeed(value: string | undefined): SeedMode {
  if (value === undefined || value === '' || value === 'pilot') return { kind: 'pilot' };
  if (value === 'none') return { kind: 'none' };
  const scale = /^scale:(\d{1,7})$/.exec(value);
  if (scale?.[1]) return { kind: 'scale', participants: Number(scale[1]) };
  throw new ConfigError(`LOKET_SEED must be pilot, none or scale:<participants>, not "${value}".`);
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > max)
    throw new ConfigError(`${name} must be a number from 0 to ${max} (0 switches the check off), not "${raw}".`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ConfigError(`${name} must be true or false, not "${raw}".`);
}

/** Names proxy-addr knows for whole ranges. */
const namedRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY: true, false, a hop count, or addresses and CIDR ranges separated by commas. */
function parseTrustProxy(raw: string | undefined): boolean | number | string[] {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  const wrong = entries.find(
    (entry) => !namedRanges.has(entry) && !ipaddr.isValid(entry) && !ipaddr.isValidCIDR(entry),
  );
  if (wrong !== undefined) {
    throw new ConfigError(
      `TRUST_PROXY must be true, false, a hop count, or IP addresses and CIDR ranges separated by commas; "${wrong}" is none of these.`,
    );
  }
  return entries;
}

/** Reads the environment once, failing early with a message that says what to fix. */
export function readConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new ConfigError(`PORT must be a port number, not "${env.PORT}".`);
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!logLevels.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${logLevels.join(', ')}.`);
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(publicUrl))
    throw new ConfigError(`PUBLIC_URL must be an http(s) URL, not "${publicUrl}".`);
  const dataDir = env.LOKET_DATA_DIR ?? './data';
  const production = env.NODE_ENV === 'production';
  const jwtSecret = env.JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 32)
    throw new ConfigError('JWT_SECRET must be at least 32 characters.');
  if (production && !jwtSecret) {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production (at least 32 random characters).');
  }
  const issuerKey = env.LOKET_ISSUER_KEY || undefined;
  if (production && !issuerKey) {
    throw new ConfigError(
      'LOKET_ISSUER_KEY is required when NODE_ENV=production: the key certificates are signed with.',
    );
  }
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && metricsToken.length < 24)
    throw new ConfigError('METRICS_TOKEN must be at least 24 characters.');
  // Defaults: a second of mean event-loop delay, or 90% of the heap V8 may grow to, means requests
  // would wait longer than they are worth.
  const heapLimitMb = Math.floor(getHeapStatistics().heap_size_limit / 1_048_576);
  const pressureLimits: PressureLimits = {
    maxEventLoopDelayMs: number(env, 'MAX_EVENT_LOOP_DELAY_MS', 1000),
    maxHeapUsedBytes: number(env, 'MAX_HEAP_USED_MB', Math.floor(heapLimitMb * 0.9)) * 1_048_576,
    maxEventLoopUtilization: number(env, 'MAX_EVENT_LOOP_UTILIZATION', 0, 1),
    sampleIntervalMs: number(env, 'PRESSURE_SAMPLE_INTERVAL_MS', 1000) || 1000,
  };
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl))
    throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtps://user:password@mail.example:465.');
  const mailFrom = env.MAIL_FROM || undefined;
  if (smtpUrl && !mailFrom)
    throw new ConfigError('MAIL_FROM is required with SMTP_URL, e.g. "Leertraject <leertraject@kb.example>".');
  const retention = env.EVENT_RETENTION_DAYS || undefined;
  const eventRetentionDays = retention === undefined ? undefined : Number(retention);
  if (
    eventRetentionDays !== undefined &&
    !(Number.isInteger(eventRetentionDays) && eventRetentionDays >= 1 && eventRetentionDays <= 3650)
  )
    throw new ConfigError(`EVENT_RETENTION_DAYS must be a whole number of days from 1 to 3650, not "${retention}".`);
  const databaseUrl = env.DATABASE_URL || undefined;
  const workers = number(env, 'WORKERS', databaseUrl ? availableParallelism() : 1, 256);
  if (!Number.isInteger(workers) || workers < 1)
    throw new ConfigError(`WORKERS must be a whole number of processes from 1 to 256, not "${env.WORKERS}".`);
  if (workers > 1 && !databaseUrl)
    throw new ConfigError('WORKERS above 1 needs DATABASE_URL: only one process can open an embedded PGlite database.');
  const poolSize = number(env, 'DATABASE_POOL_SIZE', 10, 1000);
  if (!Number.isInteger(poolSize) || poolSize < 1)
    throw new ConfigError(
      `DATABASE_POOL_SIZE must be a whole number of connections from 1 to 1000, not "${env.DATABASE_POOL_SIZE}".`,
    );
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
    seed: parseSeed(env.LOKET_SEED),
    publicUrl,
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    logLevel,
    production,
    jwtSecret,
    issuerKey,
    pressureLimits,
    metricsToken,
    mail: smtpUrl && mailFrom ? { smtpUrl, from: mailFrom } : undefined,
    eventRetentionDays,
    allowPrivateWebhookTargets: flag(env, 'WEBHOOK_ALLOW_PRIVATE_TARGETS'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    callerLimits: {
      userPerMinute: number(env, 'RATE_LIMIT_PER_MINUTE', defaultCallerLimits.userPerMinute),
      clientPerMinute: number(env, 'CLIENT_RATE_LIMIT_PER_MINUTE', defaultCallerLimits.clientPerMinute),
    },
    workers,
    poolSize,
  };
}
