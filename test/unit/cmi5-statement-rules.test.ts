import { agentKey } from '@loket/db';
import { describe, expect, it } from 'vitest';
import { newlySatisfied, resolveAuUrl, type UnitProgress } from '../../api/src/resources/cmi5/rules';
import { afterStored, type SessionFacts, violation } from '../../api/src/resources/cmi5/statement-rules';

const adl = (verb: string) => `http://adlnet.gov/expapi/verbs/${verb}`;
const actor = { objectType: 'Agent', account: { homePage: 'https://leerplatform.example', name: 'l-1' } };
const keyOf = (agent: unknown) => agentKey(agent as Parameters<typeof agentKey>[0]);
const sessionId = '0190a1b2-0000-7000-8000-0000000000aa';
const registration = '0190a1b2-0000-7000-8000-0000000000bb';
const activityId = 'https://loket.example/xapi/cmi5/courses/c/assignable-units/0';
const cmi5 = { id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' };
const moveOn = { id: 'https://w3id.org/xapi/cmi5/context/categories/moveon' };

const facts = (changes: Partial<SessionFacts> = {}): SessionFacts => ({
  actorKey: keyOf(actor) as string,
  activityId,
  registration,
  sessionId,
  launchMode: 'Normal',
  masteryScore: 0.8,
  preferencesRead: true,
  inSession: new Set([adl('initialized')]),
  inRegistration: new Set([adl('initialized')]),
  ...changes,
});

function statement(verb: string, changes: Record<string, unknown> = {}, categories = [cmi5, moveOn]) {
  return {
    id: '0190a1b2-0000-7000-8000-0000000000cc',
    timestamp: '2026-11-29T10:00:00.000Z',
    actor,
    verb: { id: adl(verb) },
    object: { id: activityId },
    context: {
      registration,
      contextActivities: { category: categories },
      extensions: {
        'https://w3id.org/xapi/cmi5/context/extensions/sessionid': sessionId,
        'https://w3id.org/xapi/cmi5/context/extensions/masteryscore': 0.8,
      },
    },
    ...changes,
  };
}
const requirementOf = (s: Record<string, unknown>, f = facts()) => violation(s, f, keyOf)?.requirement ?? null;
const passed = (scaled: number) =>
  statement('passed', { result: { success: true, duration: 'PT1S', score: { scaled } } });
const failed = (scaled: number) =>
  statement('failed', { result: { success: false, duration: 'PT1S', score: { scaled } } });
const completed = statement('completed', { result: { completion: true, duration: 'PT1S' } });

describe('what a unit may send in its session (cmi5 9)', () => {
  it('accepts well-formed completed, passed and failed, and a bare passed without the mastery score', () => {
    expect(requirementOf(statement('passed', { result: { success: true, duration: 'PT1S' } }))).toBeNull();
    expect(requirementOf(completed)).toBeNull();
    expect(requirementOf(passed(0.8))).toBeNull();
    expect(requirementOf(failed(0.79))).toBeNull();
    expect(requirementOf(statement('experienced', {}, []))).toBeNull();
  });

  it.each([
    ['no id', { ...completed, id: undefined }, '9.1.0.0-1'],
    ['no timestamp', { ...completed, timestamp: undefined }, '9.7.0.0-1'],
    ['a timestamp not in UTC', { ...completed, timestamp: '2026-11-29T10:00:00-06:00' }, '9.7.0.0-2'],
    ['a group as actor', { ...completed, actor: { ...actor, objectType: 'Group' } }, '9.2.0.0-2'],
    ['another learner', { ...completed, actor: { mbox: 'mailto:iemand@elders.example' } }, '9.2.0.0-3'],
    ['another activity', { ...completed, object: { id: 'https://elders.example/a' } }, '8.1.5.0-6'],
    ['no context', { ...completed, context: undefined }, '9.6.0.0-1'],
    ['another registration', { ...completed, context: { ...completed.context, registration: sessionId } }, '9.6.1.0-1'],
    ['a voiding statement', statement('voided', {}, []), '6.3.0.0-1'],
    ['completed without completion', statement('completed', { result: { duration: 'PT1S' } }), '9.5.3.0-1'],
    [
      'completed with success',
      statement('completed', { result: { completion: true, success: true, duration: 'PT1S' } }),
      '9.5.2.0-3',
    ],
    [
      'completed with a score',
      statement('completed', { result: { completion: true, duration: 'PT1S', score: { scaled: 1 } } }),
      '9.5.1.0-2',
    ],
    ['completed without duration', statement('completed', { result: { completion: true } }), '9.5.4.1-2'],
    ['passed below the mastery score', passed(0.79), '9.3.4.0-2'],
    ['failed at the mastery score', failed(0.8), '9.3.5.0-2'],
    ['passed without success', statement('passed', { result: { duration: 'PT1S' } }), '9.5.2.0-1'],
    [
      'a raw score without min and max',
      statement('passed', { result: { success: true, duration: 'PT1S', score: { raw: 9 } } }),
      '9.5.1.0-3',
    ],
    [
      'completed without the moveOn category',
      statement('completed', { result: { completion: true, duration: 'PT1S' } }, [cmi5]),
      '9.6.2.2-1',
    ],
    ['another verb with the moveOn category', statement('terminated', { result: { duration: 'PT1S' } }), '9.6.2.2-2'],
    ['terminated without duration', statement('terminated', {}, [cmi5]), '9.5.4.1-1'],
  ])('refuses %s', (_, sent, requirement) => {
    expect(requirementOf(sent as Record<string, unknown>)).toBe(requirement);
  });

  it('keeps the order of a session: initialized first and once, nothing after terminated', () => {
    const fresh = facts({ inSession: new Set(), inRegistration: new Set() });
    expect(requirementOf(statement('experienced', {}, []), fresh)).toBe('9.3.0.0-4');
    expect(requirementOf(statement('initialized', {}, [cmi5]), fresh)).toBeNull();
    expect(requirementOf(statement('initialized', {}, [cmi5]), { ...fresh, preferencesRead: false })).toBe(
      '11.0.0.0-3',
    );
    expect(requirementOf(statement('initialized', {}, [cmi5]))).toBe('9.3.2.0-3');
    const ended = afterStored(facts(), statement('terminated', { result: { duration: 'PT1S' } }, [cmi5]));
    expect(requirementOf(statement('experienced', {}, []), ended)).toBe('9.3.0.0-2');
  });

  it('allows completed and passed once per registration, and no failed after passed', () => {
    const done = afterStored(facts(), completed);
    expect(requirementOf(completed, done)).toBe('9.3.0.0-2');
    const nextSession = facts({ inRegistration: new Set([adl('initialized'), adl('completed'), adl('passed')]) });
    expect(requirementOf(completed, nextSession)).toBe('9.3.0.0-6');
    expect(requirementOf(passed(0.9), nextSession)).toBe('9.3.0.0-7');
    expect(requirementOf(failed(0.1), nextSession)).toBe('9.3.0.0-8');
    const failedOnce = afterStored(facts(), failed(0.1));
    expect(requirementOf(failed(0.1), failedOnce)).toBe('9.3.0.0-2');
    expect(requirementOf(passed(0.9), failedOnce)).toBe('9.3.0.0-3');
  });

  it('refuses judging in Browse and Review mode', () => {
    expect(requirementOf(completed, facts({ launchMode: 'Browse' }))).toBe('10.2.2.0-2');
    expect(requirementOf(passed(0.9), facts({ launchMode: 'Review' }))).toBe('10.2.2.0-3');
  });
});

describe('satisfied blocks and course (cmi5 9.3.9)', () => {
  const unit = (position: number, blocks: string[], changes: Partial<UnitProgress> = {}): UnitProgress => ({
    position,
    moveOn: 'Completed',
    blocks,
    completed: false,
    passed: false,
    waived: false,
    ...changes,
  });

  it('satisfies inner blocks before outer ones, then the course, each once', () => {
    const units = [unit(0, ['outer', 'inner'], { completed: true }), unit(1, ['outer'], { waived: true })];
    expect(newlySatisfied(units, new Set())).toEqual([
      { type: 'block', publisherId: 'inner' },
      { type: 'block', publisherId: 'outer' },
      { type: 'course' },
    ]);
    expect(newlySatisfied(units, new Set(['inner', 'outer', 'course']))).toEqual([]);
  });

  it('waits for every unit, and counts NotApplicable as met', () => {
    const units = [unit(0, ['a'], { completed: true }), unit(1, ['b']), unit(2, ['b'], { moveOn: 'NotApplicable' })];
    expect(newlySatisfied(units, new Set())).toEqual([{ type: 'block', publisherId: 'a' }]);
  });
});

describe('a unit URL', () => {
  it('is served from the course files when relative, kept when absolute', () => {
    expect(resolveAuUrl('https://loket.example/', 'c1', 'au/index.html?x=1')).toBe(
      'https://loket.example/cmi5/courses/c1/files/au/index.html?x=1',
    );
    expect(resolveAuUrl('https://loket.example', 'c1', 'https://cursus.example/a.html')).toBe(
      'https://cursus.example/a.html',
    );
  });
});
