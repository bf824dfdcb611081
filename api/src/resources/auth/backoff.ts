/**
 * Sign-in backoff instead of a lock anyone could trigger. Failures count per account *and* client
 * address: after `freeFailures` from one address, that address waits before its next attempt for
 * that account, the wait doubling with each further failure up to `maxDelayMs`. Another address,
 * the owner's, is not held back by them. Against guessing spread over many addresses, the account
 * also counts failures from everywhere: beyond `accountCeiling` in `accountWindowMs`, every failure
 * makes its address wait at least `ceilingDelayMs`. That slows a botnet to one guess per address
 * per wait, and still lets an address that has not failed, the owner's, in at once.
 */
export interface SignInBackoff {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  accountCeiling: number;
  accountWindowMs: number;
  ceilingDelayMs: number;
  /** An address's failures are forgotten after this long without one. */
  forgetAfterMs: number;
}

export const defaultSignInBackoff: SignInBackoff = {
  freeFailures: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  accountCeiling: 20,
  accountWindowMs: 3_600_000,
  ceilingDelayMs: 60_000,
  forgetAfterMs: 86_400_000,
};

/**
 * How long an address waits before its next attempt for an account, after its `failures`-th
 * failure (this one included) while the account has `accountFailures` in its window.
 */
export function signInDelayMs(failures: number, accountFailures: number, backoff: SignInBackoff): number {
  const overFree = failures - backoff.freeFailures;
  const own = overFree < 0 ? 0 : Math.min(backoff.baseDelayMs * 2 ** overFree, backoff.maxDelayMs);
  return accountFailures > backoff.accountCeiling ? Math.max(own, backoff.ceilingDelayMs) : own;
}
