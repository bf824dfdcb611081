import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new signing secret in Standard Webhooks' form: `whsec_` and 32 random bytes in base64. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/** How long the secret before a rotation keeps signing deliveries, so receivers can switch without a gap. */
export const secretOverlapMs = 24 * 3_600_000;

/**
 * The `webhook-signature` header (Standard Webhooks): `v1,<base64 HMAC-SHA256>` over
 * `<webhook-id>.<webhook-timestamp>.<body>` with each secret's decoded key, separated by spaces, so a
 * receiver holding any one of the secrets (the new one or, during a rotation, the old one) verifies it.
 */
export function signatureHeader(secrets: readonly string[], id: string, timestamp: Date, body: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(id, timestamp, body)).join(' ');
}

/** The secrets a delivery at `now` is signed with: the current one, and the previous one while it overlaps. */
export function signingSecrets(
  subscription: { secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null },
  now: Date,
): string[] {
  const { secret, previousSecret, previousSecretExpiresAt } = subscription;
  const overlapping = previousSecret !== null && previousSecretExpiresAt !== null && previousSecretExpiresAt > now;
  return overlapping ? [secret, previousSecret] : [secret];
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
