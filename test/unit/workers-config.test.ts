import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../api/src/config';

const postgres = { DATABASE_URL: 'postgres://loket@db.example/loket' };

describe('WORKERS', () => {
  it('is one process per core on PostgreSQL and one on PGlite when unset', () => {
    expect(readConfig(postgres, '/tmp').workers).toBe(availableParallelism());
    expect(readConfig({}, '/tmp').workers).toBe(1);
    expect(readConfig({ ...postgres, WORKERS: '3' }, '/tmp').workers).toBe(3);
    expect(readConfig({ WORKERS: '1' }, '/tmp').workers).toBe(1);
  });

  it('refuses more than one process on PGlite, which only one process can open', () => {
    expect(() => readConfig({ WORKERS: '2' }, '/tmp')).toThrow(/needs DATABASE_URL/);
  });

  it('says what to fix when the value is no number of processes', () => {
    for (const value of ['0', '-1', '1.5', 'all', '257']) {
      expect(() => readConfig({ ...postgres, WORKERS: value }, '/tmp'), value).toThrow(ConfigError);
    }
  });
});

describe('DATABASE_POOL_SIZE', () => {
  it('is 10 connections per process unless set', () => {
    expect(readConfig(postgres, '/tmp').poolSize).toBe(10);
    expect(readConfig({ ...postgres, DATABASE_POOL_SIZE: '4' }, '/tmp').poolSize).toBe(4);
  });

  it('says what to fix when the value is no number of connections', () => {
    for (const value of ['0', '2.5', 'many', '1001']) {
      expect(() => readConfig({ ...postgres, DATABASE_POOL_SIZE: value }, '/tmp'), value).toThrow(ConfigError);
    }
  });
});
