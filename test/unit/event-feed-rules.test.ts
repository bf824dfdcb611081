import { describe, expect, it } from 'vitest';
import { decodeFeedCursor, encodeFeedCursor, feedStart, isBefore } from '../../api/src/resources/events/rules';

const at = (xactId: number, eventId = '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d') => ({ xactId, eventId });

describe('event feed cursors', () => {
  it('name the same place when passed back', () => {
    for (const position of [
      feedStart,
      at(1),
      at(9_007_199_254_740_991),
      at(42, '01a227e6-a675-7569-82be-14c6a7275e46'),
    ]) {
      expect(decodeFeedCursor(encodeFeedCursor(position))).toEqual(position);
    }
  });

  it('are refused when they were not handed out', () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      'nonsense',
      '',
      forged({ xactId: 1 }),
      forged([1, at(1).eventId]),
      forged(['-1', at(1).eventId]),
      forged(['1.5', at(1).eventId]),
      forged(['99999999999999999', at(1).eventId]),
      forged(['1', 'not-a-uuid']),
      forged(['1', at(1).eventId.toUpperCase()]),
      forged(['1', at(1).eventId, 'extra']),
    ]) {
      expect(decodeFeedCursor(cursor), cursor).toBeUndefined();
    }
  });

  it('order by transaction, then by event id', () => {
    expect(isBefore(at(1), at(2))).toBe(true);
    expect(isBefore(at(2), at(1))).toBe(false);
    expect(isBefore(at(5, '019367a2-0000-7000-8000-000000000001'), at(5, '019367a2-0000-7000-8000-000000000002'))).toBe(
      true,
    );
    expect(isBefore(at(5), at(5))).toBe(false);
    expect(isBefore(feedStart, at(1))).toBe(true);
  });
});
