import { describe, expect, it } from 'vitest';
import {
  combineProgress,
  isSupportedVersion,
  learnerOf,
  progressOf,
  sameStatement,
  verbs,
} from '../../api/src/resources/xapi/rules';

const publicUrl = 'http://localhost:3000';
const participantId = '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d';

describe('what a verb does to module progress', () => {
  it('marks a module in progress when it is started, progressed or failed', () => {
    expect(progressOf(verbs.initialized)).toEqual({ status: 'in_progress' });
    expect(progressOf(verbs.progressed)).toEqual({ status: 'in_progress' });
    expect(progressOf(verbs.failed, 0.3)).toEqual({ status: 'in_progress' });
  });

  it('completes a module when it is completed or passed, with the scaled score', () => {
    expect(progressOf(verbs.completed)).toEqual({ status: 'completed' });
    expect(progressOf(verbs.passed, 0.85)).toEqual({ status: 'completed', score: 0.85 });
    expect(progressOf(verbs.completed, 1)).toEqual({ status: 'completed', score: 1 });
  });

  it('keeps a negative xAPI score inside the 0..1 of a module score', () => {
    expect(progressOf(verbs.passed, -0.5)).toEqual({ status: 'completed', score: 0 });
  });

  it('moves nothing for other verbs', () => {
    expect(progressOf('http://adlnet.gov/expapi/verbs/experienced')).toBeNull();
    expect(progressOf('http://adlnet.gov/expapi/verbs/terminated')).toBeNull();
    expect(progressOf('https://example.org/verbs/completed')).toBeNull();
  });
});

describe('the effect of several reports on one module', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 10, minute));
  const reports = [
    { change: { status: 'in_progress' as const }, at: at(5) },
    { change: { status: 'completed' as const, score: 0.6 }, at: at(20) },
    { change: { status: 'in_progress' as const }, at: at(30) },
    { change: { status: 'completed' as const, score: 0.9 }, at: at(40) },
  ];

  it('is the furthest status, the earliest start and completion, and the best score', () => {
    expect(combineProgress(reports)).toEqual({
      status: 'completed',
      startedAt: at(5),
      completedAt: at(20),
      score: 0.9,
    });
  });

  it('does not depend on the order the reports came in: a late progressed after completed changes nothing', () => {
    const expected = combineProgress(reports);
    for (const order of [
      [3, 2, 1, 0],
      [2, 0, 3, 1],
      [1, 3, 0, 2],
    ]) {
      expect(combineProgress(order.map((i) => reports[i] as (typeof reports)[number]))).toEqual(expected);
    }
  });

  it('starts a module without completing it, and is nothing without reports', () => {
    expect(combineProgress([{ change: { status: 'in_progress' }, at: at(1) }])).toEqual({
      status: 'in_progress',
      startedAt: at(1),
      completedAt: null,
      score: null,
    });
    expect(combineProgress([])).toBeNull();
  });
});

describe('who the learner of a statement is', () => {
  it('is the participant an account on this installation names', () => {
    expect(learnerOf({ account: { homePage: publicUrl, name: participantId } }, publicUrl)).toEqual({ participantId });
    expect(learnerOf({ account: { homePage: `${publicUrl}/`, name: participantId.toUpperCase() } }, publicUrl)).toEqual(
      { participantId },
    );
  });

  it('is nobody for an account elsewhere, or one not named by a participant id', () => {
    expect(learnerOf({ account: { homePage: 'https://lms.example', name: participantId } }, publicUrl)).toBeNull();
    expect(learnerOf({ account: { homePage: publicUrl, name: 'anouk' } }, publicUrl)).toBeNull();
  });

  it('is the person with that email address for a mailbox, whatever its case', () => {
    expect(learnerOf({ mbox: 'mailto:Anouk.Jansen@Hilversum.example' }, publicUrl)).toEqual({
      email: 'anouk.jansen@hilversum.example',
    });
    expect(learnerOf({}, publicUrl)).toBeNull();
  });

  it('is the person whose address has that SHA-1 for an mbox_sha1sum, and nobody for a group', () => {
    const hash = 'A2E9E8C7F5B0D1C2E3F4A5B6C7D8E9F0A1B2C3D4';
    expect(learnerOf({ mbox_sha1sum: hash }, publicUrl)).toEqual({ mboxSha1sum: hash.toLowerCase() });
    expect(learnerOf({ objectType: 'Group', mbox: 'mailto:team@example.org' }, publicUrl)).toBeNull();
  });
});

describe('statement comparison', () => {
  const statement = {
    actor: { mbox: 'mailto:a@example.org' },
    verb: { id: verbs.completed },
    object: { id: 'https://loket.kb.example/xapi/lfb/modules/boekstart' },
    result: { score: { scaled: 0.8 } },
  };

  it('ignores key order and what the LRS sets', () => {
    const stored = {
      version: '1.0.0',
      stored: '2024-01-01T00:00:00.000Z',
      timestamp: '2024-01-01T00:00:00.000Z',
      id: participantId,
      result: { score: { scaled: 0.8 } },
      object: { id: 'https://loket.kb.example/xapi/lfb/modules/boekstart' },
      verb: { id: verbs.completed },
      actor: { mbox: 'mailto:a@example.org' },
    };
    expect(sameStatement(stored, statement)).toBe(true);
  });

  it('sees any other difference', () => {
    expect(sameStatement(statement, { ...statement, result: { score: { scaled: 0.9 } } })).toBe(false);
    expect(sameStatement(statement, { ...statement, verb: { id: verbs.passed } })).toBe(false);
  });
});

describe('the version header', () => {
  it('accepts 1.0.x only', () => {
    expect(isSupportedVersion('1.0.3')).toBe(true);
    expect(isSupportedVersion('1.0.0')).toBe(true);
    expect(isSupportedVersion('1.0')).toBe(true);
    expect(isSupportedVersion('2.0.0')).toBe(false);
    expect(isSupportedVersion('0.95')).toBe(false);
    expect(isSupportedVersion(undefined)).toBe(false);
  });
});
