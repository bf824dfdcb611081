import rateLimit, { type FastifyRateLimitStore, normalizeIP, type RateLimitOptions } from '@fastify/rate-limit';
import { countRequest, type Database, pruneThrottling } from '@loket/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { inSeconds, RetryLater } from '../lib/errors';
import type { CallerLimits } from './caller-limits';

/** The client address a limit counts on: an IPv6 address by its /64, which one household or office holds. */
export const clientAddress = (ip: string) => normalizeIP(ip, 64);

/** How long a request waits for its counter before it goes through uncounted. */
const counterTimeoutMs = 2000;

/** The most requests one process reserves at once: one counter write per this many requests. */
const maxBlock = 64;

/** Counts this process reserved in PostgreSQL and hands out one by one. */
interface Lease {
  next: number;
  last: number;
  resetsAt: number;
}

/**
 * How many counts to reserve: one while the caller is near its limit (every request asks the
 * database, so processes together never let more through than the limit), up to maxBlock while
 * far below it (an eighth of what is left, so the reserved counts of several processes cannot
 * use the budget up early).
 */
export const blockSize = (max: number, counted: number) =>
  Math.max(1, Math.min(maxBlock, Math.floor((max - counted) / 8)));

/**
 * Counters in PostgreSQL (or PGlite), so every API process counts against the same limit. A
 * process reserves counts in blocks (blockSize) and hands them out from memory, so a busy caller
 * costs one upsert per block rather than one per request, all waiting on the same row. A counter
 * that does not answer in time (the database is slow or away) lets the request through rather
 * than adding its wait to the request's own.
 */
function postgresStore(db: Database) {
  const leases = new Map<string, Lease>();
  const reserving = new Map<string, Promise<void>>();
  const take = (key: string) => {
    const lease = leases.get(key);
    const now = Date.now();
    if (!lease || lease.next > lease.last || now >= lease.resetsAt) return undefined;
    const current = lease.next;
    lease.next += 1;
    return { current, ttl: lease.resetsAt - now };
  };
  const reserve = (key: string, window: number, max: number) => {
    const pending = reserving.get(key);
    if (pending) return pending;
    const known = leases.get(key);
    const counted = known && Date.now() < known.resetsAt ? known.last : 0;
    const block = known ? blockSize(max, counted) : 1;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the rate limit counter did not answer in time')), counterTimeoutMs);
    });
    const done = Promise.race([countRequest(db, key, window, block), late])
      .then(({ hits, ttlMs }) => {
        leases.set(key, { next: hits - block + 1, last: hits, resetsAt: Date.now() + ttlMs });
      })
      .finally(() => {
        clearTimeout(timer);
        reserving.delete(key);
      });
    reserving.set(key, done);
    return done;
  };
  // Forget leases whose window ended, so the map holds only callers seen this minute.
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, lease] of leases) if (now >= lease.resetsAt) leases.delete(key);
  }, 60_000);
  sweep.unref();

  return class PostgresStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      window: number,
      max: number,
    ) {
      const served = take(key);
      if (served) return callback(null, served);
      const attempt = async (): Promise<{ current: number; ttl: number }> => {
        await reserve(key, window, max);
        // Requests that waited on the same reservation share its block; whoever finds it used up reserves again.
        return take(key) ?? attempt();
      };
      attempt().then(
        (result) => callback(null, result),
        (error: Error) => callback(error),
      );
    }

    child() {
      return this;
    }
  };
}

const limitOf = (limits: CallerLimits, request: FastifyRequest) =>
  request.caller.actorType === 'client' ? limits.clientPerMinute : limits.userPerMinute;

/**
 * Rate limits kept in the database. Public routes that name a `rateLimit` count per route and
 * client address; every authenticated route counts per caller (the token's subject, else the
 * address) against one per-minute budget and answers 429 with Retry-After beyond it. Routes that
 * must answer while the database is away (metrics) opt out with `rateLimit: false`. When the
 * counters cannot be reached, requests go through rather than fail.
 */
export async function installRateLimits(
  app: FastifyInstance,
  options: { db: Database; callerLimits: CallerLimits; forgetAfterMs: number },
): Promise<void> {
  const { callerLimits } = options;
  const perCaller: RateLimitOptions = {
    max: (request) => limitOf(callerLimits, request),
    timeWindow: 60_000,
    allowList: (request) => limitOf(callerLimits, request) === 0,
    keyGenerator: (request) =>
      request.caller.actorId
        ? `caller:${request.caller.actorType}:${request.caller.actorId}`
        : `caller-address:${clientAddress(request.ip)}`,
  };
  // Before the plugin's own onRoute hook, which reads each route's rateLimit.
  app.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    if (!permission || permission === 'public' || route.config?.rateLimit !== undefined) return;
    route.config = { ...route.config, rateLimit: perCaller };
  });
  await app.register(rateLimit, {
    global: false,
    store: postgresStore(options.db),
    skipOnError: true,
    keyGenerator: (request) => `route:${request.routeOptions.url}:${clientAddress(request.ip)}`,
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new RetryLater(seconds, 'rate-limited', `Too many requests; try again in ${inSeconds(seconds)}.`);
    },
  });
  const timer = setInterval(
    () =>
      void pruneThrottling(options.db, options.forgetAfterMs).catch((error: unknown) =>
        app.log.warn({ err: error }, 'pruning rate limit counters failed'),
      ),
    600_000,
  );
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
