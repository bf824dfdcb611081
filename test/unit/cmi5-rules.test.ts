import { describe, expect, it } from 'vitest';
import { isoDuration, launchUrlOf, lmsContext, moveOnMet } from '../../api/src/resources/cmi5/rules';

describe('moveOn (cmi5 10.2)', () => {
  const cases = [
    ['Completed', { completed: true, passed: false }, true],
    ['Completed', { completed: false, passed: true }, false],
    ['Passed', { completed: true, passed: false }, false],
    ['Passed', { completed: false, passed: true }, true],
    ['CompletedAndPassed', { completed: true, passed: false }, false],
    ['CompletedAndPassed', { completed: true, passed: true }, true],
    ['CompletedOrPassed', { completed: false, passed: true }, true],
    ['CompletedOrPassed', { completed: false, passed: false }, false],
    ['NotApplicable', { completed: false, passed: false }, true],
  ] as const;
  it.each(cases)('%s with %o is met: %s', (moveOn, reported, met) => {
    expect(moveOnMet(moveOn, reported)).toBe(met);
  });
});

describe('the launch URL (cmi5 8.1)', () => {
  it('adds the five parameters, encoded, and keeps the unit\u2019s own query', () => {
    const url = launchUrlOf('https://cursus.example/au/index.html?taal=nl#start', {
      endpoint: 'https://loket.example/v1/xapi/',
      fetch: 'https://loket.example/v1/cmi5/fetch/abc',
      actor: { objectType: 'Agent', account: { homePage: 'https://loket.example', name: 'p&1' } },
      registration: '0190a1b2-0000-7000-8000-000000000001',
      activityId: 'https://loket.kb.example/xapi/lfb/modules/boekstart',
    });
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe('https://cursus.example/au/index.html');
    expect(parsed.searchParams.get('taal')).toBe('nl');
    expect(JSON.parse(parsed.searchParams.get('actor') ?? '')).toEqual({
      objectType: 'Agent',
      account: { homePage: 'https://loket.example', name: 'p&1' },
    });
    expect(parsed.searchParams.get('fetch')).toBe('https://loket.example/v1/cmi5/fetch/abc');
    expect(parsed.hash).toBe('#start');
  });
});

describe('the LMS\u2019s statements', () => {
  it('carry the registration, the cmi5 category (and moveOn when asked) and the session id', () => {
    expect(lmsContext('r', 's', { moveOn: true })).toEqual({
      registration: 'r',
      contextActivities: {
        category: [
          { id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' },
          { id: 'https://w3id.org/xapi/cmi5/context/categories/moveon' },
        ],
      },
      extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': 's' },
    });
  });

  it('give durations in seconds, as ISO 8601', () => {
    expect(isoDuration(12_345)).toBe('PT12.35S');
    expect(isoDuration(0)).toBe('PT0S');
  });
});
