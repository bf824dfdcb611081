import { describe, expect, it } from 'vitest';
import { blockSize } from '../../api/src/plugins/rate-limits';

describe('how many rate limit counts a process reserves at once', () => {
  it('reserves one at a time near the limit, so processes together never let more through', () => {
    expect(blockSize(3, 0)).toBe(1);
    expect(blockSize(600, 595)).toBe(1);
    expect(blockSize(600, 600)).toBe(1);
    expect(blockSize(600, 700)).toBe(1);
  });

  it('reserves an eighth of what is left while far below it, at most 64', () => {
    expect(blockSize(600, 0)).toBe(64);
    expect(blockSize(600, 440)).toBe(20);
    expect(blockSize(100_000_000, 0)).toBe(64);
  });
});
