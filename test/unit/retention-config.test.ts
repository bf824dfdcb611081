import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../api/src/config';

describe('EVENT_RETENTION_DAYS', () => {
  it('is left to the app (30 days) when unset, and read as whole days when set', () => {
    expect(readConfig({}, '/tmp').eventRetentionDays).toBeUndefined();
    expect(readConfig({ EVENT_RETENTION_DAYS: '' }, '/tmp').eventRetentionDays).toBeUndefined();
    expect(readConfig({ EVENT_RETENTION_DAYS: '90' }, '/tmp').eventRetentionDays).toBe(90);
  });

  it('says what to fix when the value is no number of days', () => {
    for (const value of ['0', '-3', '1.5', 'a month', '3651']) {
      expect(() => readConfig({ EVENT_RETENTION_DAYS: value }, '/tmp'), value).toThrow(ConfigError);
    }
    expect(() => readConfig({ EVENT_RETENTION_DAYS: '0' }, '/tmp')).toThrow(/from 1 to 3650/);
  });
});
