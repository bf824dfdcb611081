import { describe, expect, it } from 'vitest';
import {
  dayOfEnd,
  dayOfStart,
  displayValue,
  endOfDay,
  fieldChanges,
  recordName,
  startOfDay,
} from '../../admin/src/audit-events/diff';

const words = { yes: 'Ja', no: 'Nee' };

describe('the audit log diff', () => {
  it('lists only the fields that changed, without bookkeeping', () => {
    const before = {
      id: 'a',
      name: 'Bibliotheek Hilversum',
      city: null,
      version: 1,
      updatedAt: '2026-01-01T00:00:00Z',
    };
    const after = {
      id: 'a',
      name: 'Bibliotheek Hilversum',
      city: 'Hilversum',
      version: 2,
      updatedAt: '2026-02-01T00:00:00Z',
    };
    expect(fieldChanges(before, after)).toEqual([{ field: 'city', before: null, after: 'Hilversum' }]);
  });

  it('shows everything set for a creation and everything there was for a deletion', () => {
    expect(fieldChanges(null, { id: 'a', name: 'X', email: null })).toEqual([
      { field: 'name', before: null, after: 'X' },
    ]);
    expect(fieldChanges({ name: 'X', tags: ['a'] }, null)).toEqual([
      { field: 'name', before: 'X', after: null },
      { field: 'tags', before: ['a'], after: null },
    ]);
  });

  it('compares lists and objects by value', () => {
    expect(fieldChanges({ codes: ['a', 'b'] }, { codes: ['a', 'b'] })).toEqual([]);
    expect(fieldChanges({ codes: ['a', 'b'] }, { codes: ['b', 'a'] })).toHaveLength(1);
  });

  it('shows values as a Dutch reader expects them', () => {
    expect(displayValue(null, words)).toBe('—');
    expect(displayValue(true, words)).toBe('Ja');
    expect(displayValue(['boekstart', 'digitaalhuis'], words)).toBe('boekstart, digitaalhuis');
    expect(displayValue('2026-11-29T09:30:00.000Z', words)).toBe('29 nov 2026, 10:30');
    expect(displayValue('2027-03-01', words)).toBe('1 mrt 2027');
    expect(displayValue(3, words)).toBe('3');
  });

  it('turns chosen days into the API’s inclusive start and exclusive end, and back', () => {
    const from = startOfDay('2026-11-29');
    const to = endOfDay('2026-11-29');
    expect(from && to && new Date(to).getTime() - new Date(from).getTime()).toBe(24 * 3600 * 1000);
    expect(dayOfStart(from)).toBe('2026-11-29');
    expect(dayOfEnd(to)).toBe('2026-11-29');
    expect(startOfDay('')).toBeUndefined();
    expect(dayOfEnd(undefined)).toBe('');
  });

  it('names the changed record as a reader would', () => {
    expect(recordName(null, { name: 'Bibliotheek Hilversum' })).toBe('Bibliotheek Hilversum');
    expect(recordName({ givenName: 'Sem', nameInfix: 'de', familyName: 'Vries' }, null)).toBe('Sem de Vries');
    expect(recordName(null, { status: 'present' })).toBeNull();
  });
});
