import { describe, expect, it } from 'vitest';
import { fileProblemPhrase, rowActionKey, rowProblemPhrase } from '../../admin/src/cohorts/importMessages';
import { messages as cohortMessages } from '../../admin/src/cohorts/messages';
import {
  amsterdamDay,
  amsterdamToIso,
  fromWallClock,
  gridPeriod,
  isoToAmsterdam,
  monthGrid,
  toWallClock,
  weekdayNames,
} from '../../admin/src/sessions/time';

describe('Amsterdam times on the meeting screens', () => {
  it('reads a wall-clock time as Amsterdam time in winter and in summer', () => {
    expect(amsterdamToIso('2026-11-05T13:30')).toBe('2026-11-05T12:30:00.000Z');
    expect(amsterdamToIso('2026-06-05T13:30')).toBe('2026-06-05T11:30:00.000Z');
    expect(amsterdamToIso('2026-11-05')).toBe('2026-11-04T23:00:00.000Z');
  });

  it('gets the hour right on the days the clocks change', () => {
    // 29 March 2026: 02:00 becomes 03:00; 25 October 2026: 03:00 becomes 02:00.
    expect(amsterdamToIso('2026-03-29T12:00')).toBe('2026-03-29T10:00:00.000Z');
    expect(amsterdamToIso('2026-10-25T12:00')).toBe('2026-10-25T11:00:00.000Z');
    expect(isoToAmsterdam('2026-03-29T00:30:00.000Z')).toBe('2026-03-29T01:30');
    expect(isoToAmsterdam('2026-03-29T01:30:00.000Z')).toBe('2026-03-29T03:30');
  });

  it('hands the date pickers Amsterdam wall-clock time and reads back what was picked as Amsterdam time', () => {
    const shown = toWallClock('2026-11-05T12:30:00.000Z');
    expect([shown.getDate(), shown.getMonth() + 1, shown.getHours(), shown.getMinutes()]).toEqual([5, 11, 13, 30]);
    expect(fromWallClock(shown)).toBe('2026-11-05T12:30:00.000Z');
    expect(fromWallClock(new Date(2026, 5, 5, 13, 30))).toBe('2026-06-05T11:30:00.000Z');
  });

  it('puts a late-evening meeting on its Amsterdam day, not the UTC one', () => {
    expect(amsterdamDay('2026-11-30T23:30:00.000Z')).toBe('2026-12-01');
    expect(isoToAmsterdam(amsterdamToIso('2026-12-31T23:45'))).toBe('2026-12-31T23:45');
  });

  it('draws a month as whole weeks from Monday to Sunday', () => {
    const november = monthGrid(2026, 11);
    // 1 November 2026 is a Sunday: the first row starts on Monday 26 October.
    expect(november[0]?.[0]).toEqual({ day: '2026-10-26', inMonth: false });
    expect(november[0]?.[6]).toEqual({ day: '2026-11-01', inMonth: true });
    expect(november.every((week) => week.length === 7)).toBe(true);
    expect(november.at(-1)?.at(-1)).toEqual({ day: '2026-12-06', inMonth: false });
    expect(november.flat().filter((d) => d.inMonth)).toHaveLength(30);
    // February 2027 starts on a Monday and ends on a Sunday: exactly four rows.
    expect(monthGrid(2027, 2)).toHaveLength(4);
  });

  it('asks the API for the grid’s whole period in Amsterdam days', () => {
    expect(gridPeriod(monthGrid(2026, 11))).toEqual({
      from: '2026-10-25T23:00:00.000Z',
      to: '2026-12-06T23:00:00.000Z',
    });
  });

  it('names the weekdays in Dutch, Monday first', () => {
    expect(weekdayNames('nl-NL')).toEqual(['ma', 'di', 'wo', 'do', 'vr', 'za', 'zo']);
  });
});

describe('the import report in Dutch', () => {
  const nl = cohortMessages.nl.loket.import;

  it('translates every problem the API reports for a row', () => {
    expect(rowProblemPhrase('is empty')).toEqual({ key: 'loket.import.problem.empty' });
    expect(rowProblemPhrase('"kees@hilversum" is not an email address')).toEqual({
      key: 'loket.import.problem.not_email',
      values: { value: 'kees@hilversum' },
    });
    expect(rowProblemPhrase('is longer than 100 characters')).toEqual({
      key: 'loket.import.problem.too_long',
      values: { max: '100' },
    });
    expect(rowProblemPhrase('appears already on line 3')).toEqual({
      key: 'loket.import.problem.duplicate',
      values: { line: '3' },
    });
    expect(rowProblemPhrase('"Zeist" is not a branch of Bibliotheek Helmond-Peel')).toEqual({
      key: 'loket.import.problem.not_branch',
      values: { value: 'Zeist', library: 'Bibliotheek Helmond-Peel' },
    });
    expect(rowProblemPhrase('belongs to someone at another library')).toEqual({
      key: 'loket.import.problem.other_library',
    });
  });

  it('translates problems with the whole file, and passes unknown messages through', () => {
    expect(fileProblemPhrase('The column "achternaam" is missing.')).toEqual({
      key: 'loket.import.file.missing_column',
      values: { column: 'achternaam' },
    });
    expect(fileProblemPhrase('The file has a header but no people.')).toEqual({ key: 'loket.import.file.no_rows' });
    expect(fileProblemPhrase('Something new.')).toBe('Something new.');
  });

  it('has Dutch words for every action and problem key it produces', () => {
    for (const action of ['create_and_enrol', 'enrol_existing', 'already_enrolled', null]) {
      const key = rowActionKey(action).split('.').at(-1) as keyof typeof nl.action;
      expect(nl.action[key]).toBeTruthy();
    }
    const phrases = [
      rowProblemPhrase('is empty'),
      rowProblemPhrase('"x" is not an email address'),
      rowProblemPhrase('is longer than 20 characters'),
      rowProblemPhrase('appears already on line 2'),
      rowProblemPhrase('"x" is not a branch of y'),
      rowProblemPhrase('belongs to someone at another library'),
    ];
    for (const phrase of phrases) {
      if (typeof phrase === 'string') throw new Error(`untranslated: ${phrase}`);
      const key = phrase.key.split('.').at(-1) as keyof typeof nl.problem;
      expect(nl.problem[key]).toBeTruthy();
    }
  });
});
