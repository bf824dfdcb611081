import rateLimit, { type FastifyRateLimitStore, normalizeIP, type RateLimitOptions } from '@fastify/rate-limit';
import { countRequest, type Database, pruneThrottling } from '@loket/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { inSeconds, RetryLater } from '../lib/errors';

/** Requests per minute one caller may make on authenticated routes; 0 switches a limit off. */
export interface CallerLimits {
  /** Per person (token subject). */
  userPerMinute: number;
  /** Per API client: integrations such as an e-learning player speak for many people at once. */
  clientPerMinute: number;
}

export const defaultCallerLimits: CallerLimits = { userPerMinute: 600, clientPerMinute: 6000 };

/** The client address a limit counts on: an IPv6 address by its /64, which one household or office holds. */
export const clientAddress = (ip: string) => normalizeIP(ip, 64);

/** How long a request waits for its counter before it goes through uncounted. */
const counterTimeoutMs = 2000;

/**
 * Counters in PostgreSQL (or PGlite), so every API process counts against the same limit: one
 * upsert per limited request. A counter that does not answer in time (the database is slow or
 * away) lets the request through rather than adding its wait to the request's own.
 */
function postgresStore(db: Database) {
  return class PostgresStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      window: number,
    ) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the rate limit counter did not answer in time')), counterTimeoutMs);
      });
      Promise.race([countRequest(db, key, window), late])
        .then(
          ({ hits, ttlMs }) => callback(null, { current: hits, ttl: ttlMs }),
          (error: Error) => callback(error),
        )
        .finally(() => clearTimeout(timer));
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
