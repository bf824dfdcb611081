import cluster from 'node:cluster';
import type { Connection } from '@loket/db';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { metricsOfEveryWorker } from '../cluster-metrics';
import { DomainError } from '../lib/errors';
import { problemResponses } from '../lib/schemas';

declare module 'fastify' {
  interface FastifyRequest {
    /** When the request arrived, for its duration in the metrics. */
    metricsStart: bigint;
  }
}

/**
 * Counts and times every request. A registry of its own per app, so several apps in one process
 * (tests) do not collide. Installed before the other hooks so that refused requests count too.
 */
export function installRequestMetrics(app: FastifyInstance, connection: Connection): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'loket_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code.',
    labelNames,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'loket_http_request_duration_seconds',
    help: 'Time from receiving a request to sending the response, by method, route template and status code.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const pool = connection.poolStats;
  if (pool) {
    const gauge = (
      name: string,
      help: string,
      pick: (stats: { total: number; idle: number; waiting: number }) => number,
    ) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(pick(pool()));
        },
      });
    gauge('loket_db_pool_connections', 'Connections the PostgreSQL pool holds (busy and idle).', (s) => s.total);
    gauge('loket_db_pool_idle_connections', 'Idle connections in the PostgreSQL pool.', (s) => s.idle);
    gauge('loket_db_pool_waiting_requests', 'Queries waiting for a free PostgreSQL connection.', (s) => s.waiting);
  }

  app.decorateRequest('metricsStart', 0n);
  app.addHook('onRequest', async (request) => {
    request.metricsStart = process.hrtime.bigint();
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route template, never the raw URL: ids in paths would make a series per record.
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    durations.observe(labels, Number(process.hrtime.bigint() - request.metricsStart) / 1e9);
  });
  return registry;
}

/** The scrape endpoint; registered after authentication so that it is guarded like any route. */
export function metricsRoute(app: FastifyInstance, registry: Registry): void {
  // In a cluster worker a scrape must count every process, not only the one it reached.
  const read = cluster.isWorker ? metricsOfEveryWorker(registry) : () => registry.metrics();
  app.get(
    '/metrics',
    {
      // Scraped also while the database is away: no counter to update.
      config: { permission: 'metrics:read', pressureExempt: true, rateLimit: false },
      schema: {
        tags: ['Health'],
        operationId: 'getMetrics',
        summary: 'Metrics for Prometheus',
        description:
          'Request counts and durations per route and status, the database pool and the process, in the ' +
          'Prometheus text format, summed over all API processes of this server (WORKERS). Scrapers send the METRICS_TOKEN of the deployment as a bearer token; ' +
          'admins may read it with their own access token.',
        response: {
          200: {
            description: 'Prometheus text exposition format 0.0.4',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
          ...problemResponses(503),
        },
      },
    },
    async (_request, reply) => {
      const text = await read().catch((error: unknown) => {
        throw new DomainError(
          503,
          'metrics-unavailable',
          'Service unavailable',
          `The metrics of the API processes could not be collected: ${error instanceof Error ? error.message : String(error)}.`,
        );
      });
      reply.type(registry.contentType);
      return text;
    },
  );
}
