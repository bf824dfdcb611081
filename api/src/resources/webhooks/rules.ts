import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature header value: `v1=` and the hex HMAC-SHA256 of `${timestamp}.${body}`. */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute and compare in constant time, refusing stale timestamps. */
export function verifySignature(
  secret: string,
  headers: { timestamp: string; signature: string },
  body: string,
  now: number = Date.now(),
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface RetryPolicy {
  /** Attempts in all, the first included; after the last failure the delivery is marked failed. */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Ten attempts over about four and a quarter hours: after 30 s, 1 min, 2 min … 2 h 8 min. */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 10, baseDelayMs: 30_000, maxDelayMs: 4 * 3_600_000 };

/**
 * When to try again after the given number of failed attempts, or null when they are used up.
 * Exponential, capped; no jitter because each delivery is its own job with its own start time.
 */
export function nextAttemptDelay(failedAttempts: number, policy: RetryPolicy): number | null {
  if (failedAttempts >= policy.maxAttempts) return null;
  return Math.min(policy.baseDelayMs * 2 ** (failedAttempts - 1), policy.maxDelayMs);
}
