import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../api/src/config';

describe('overload limits and the metrics token from the environment', () => {
  it('defaults to a second of event-loop delay and 90% of the heap limit', () => {
    const config = readConfig({}, '/tmp');
    expect(config.pressureLimits.maxEventLoopDelayMs).toBe(1000);
    expect(config.pressureLimits.maxHeapUsedBytes).toBeGreaterThan(100 * 1_048_576);
    expect(config.pressureLimits.maxEventLoopUtilization).toBe(0);
    expect(config.metricsToken).toBeUndefined();
  });

  it('reads the thresholds, 0 switching a check off', () => {
    const config = readConfig(
      { MAX_EVENT_LOOP_DELAY_MS: '0', MAX_HEAP_USED_MB: '512', MAX_EVENT_LOOP_UTILIZATION: '0.95' },
      '/tmp',
    );
    expect(config.pressureLimits).toMatchObject({
      maxEventLoopDelayMs: 0,
      maxHeapUsedBytes: 512 * 1_048_576,
      maxEventLoopUtilization: 0.95,
    });
  });

  it('says what to fix when a value is wrong', () => {
    expect(() => readConfig({ MAX_EVENT_LOOP_DELAY_MS: 'soon' }, '/tmp')).toThrow(ConfigError);
    expect(() => readConfig({ MAX_EVENT_LOOP_UTILIZATION: '2' }, '/tmp')).toThrow(/from 0 to 1/);
    expect(() => readConfig({ METRICS_TOKEN: 'short' }, '/tmp')).toThrow(/at least 24/);
    expect(readConfig({ METRICS_TOKEN: 'a-long-enough-scraper-token' }, '/tmp').metricsToken).toBe(
      'a-long-enough-scraper-token',
    );
  });
});
