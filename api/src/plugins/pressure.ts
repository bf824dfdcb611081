import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../lib/errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answer even when the process is overloaded (liveness, metrics): operators need them most then. */
    pressureExempt?: boolean;
  }
}

/** When to refuse work; a threshold of 0 switches its check off. */
export interface PressureLimits {
  /** Mean event-loop delay over a sample, in milliseconds. */
  maxEventLoopDelayMs: number;
  /** V8 heap in use, in bytes. */
  maxHeapUsedBytes: number;
  /** Share of time the event loop is busy, 0..1. */
  maxEventLoopUtilization: number;
  /** How often the process is measured, in milliseconds. */
  sampleIntervalMs?: number;
}

/**
 * An overloaded process answers 503 with Retry-After at once instead of queueing requests it will
 * serve too late; the readiness check then fails too, so a load balancer sends traffic elsewhere.
 */
export async function installPressureLimits(app: FastifyInstance, limits: PressureLimits): Promise<void> {
  await app.register(underPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    maxHeapUsedBytes: limits.maxHeapUsedBytes,
    maxEventLoopUtilization: limits.maxEventLoopUtilization,
    sampleInterval: limits.sampleIntervalMs ?? 1000,
    pressureHandler: async (request, _reply, type) => {
      if (request.routeOptions.config.pressureExempt) return;
      request.log.warn({ pressure: type }, 'refusing a request: the process is overloaded');
      throw new DomainError(
        503,
        'overloaded',
        'Service unavailable',
        'The server is overloaded right now; retry shortly.',
      );
    },
  });
}
