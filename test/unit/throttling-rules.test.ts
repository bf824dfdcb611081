import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../api/src/config';
import { defaultSignInBackoff, signInDelayMs } from '../../api/src/resources/auth/backoff';

describe('the sign-in backoff', () => {
  const backoff = defaultSignInBackoff;

  it('lets an address fail four times freely, then doubles its wait from a second up to a quarter hour', () => {
    const waits = Array.from({ length: 16 }, (_, i) => signInDelayMs(i + 1, i + 1, backoff));
    expect(waits).toEqual([
      0, 0, 0, 0, 1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000, 900_000, 900_000,
    ]);
    expect(signInDelayMs(10_000, 10, backoff)).toBe(900_000);
  });

  it('makes every failing address wait at least a minute once the account passes its ceiling', () => {
    expect(signInDelayMs(1, 20, backoff)).toBe(0);
    expect(signInDelayMs(1, 21, backoff)).toBe(60_000);
    expect(signInDelayMs(12, 21, backoff)).toBe(128_000);
  });
});

describe('throttling settings from the environment', () => {
  it('trusts no proxy unless TRUST_PROXY says which', () => {
    expect(readConfig({}, '/tmp').trustProxy).toBe(false);
    expect(readConfig({ TRUST_PROXY: 'true' }, '/tmp').trustProxy).toBe(true);
    expect(readConfig({ TRUST_PROXY: '2' }, '/tmp').trustProxy).toBe(2);
    expect(readConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,loopback, fd00::/8' }, '/tmp').trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      'loopback',
      'fd00::/8',
    ]);
    expect(() => readConfig({ TRUST_PROXY: 'the load balancer' }, '/tmp')).toThrow(ConfigError);
    expect(() => readConfig({ TRUST_PROXY: '10.0.0.0/33' }, '/tmp')).toThrow(/"10.0.0.0\/33"/);
  });

  it('reads the per-caller limits, 0 switching one off', () => {
    expect(readConfig({}, '/tmp').callerLimits).toEqual({ userPerMinute: 600, clientPerMinute: 6000 });
    expect(
      readConfig({ RATE_LIMIT_PER_MINUTE: '0', CLIENT_RATE_LIMIT_PER_MINUTE: '20000' }, '/tmp').callerLimits,
    ).toEqual({ userPerMinute: 0, clientPerMinute: 20_000 });
    expect(() => readConfig({ RATE_LIMIT_PER_MINUTE: 'many' }, '/tmp')).toThrow(ConfigError);
  });
});
