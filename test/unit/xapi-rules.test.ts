import { describe, expect, it } from 'vitest';
import {
  isSupportedVersion,
  learnerOf,
  progressOf,
  progressToRecord,
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

describe('the change recorded on a module', () => {
  it('starts or completes a module that is not done', () => {
    expect(progressToRecord({ status: 'in_progress' }, 'not_started')).toEqual({ status: 'in_progress' });
    expect(progressToRecord({ status: 'completed', score: 0.5 }, 'in_progress')).toEqual({
      status: 'completed',
      score: 0.5,
    });
  });

  it('never takes a completed module back, nor repeats what is already so', () => {
    expect(progressToRecord({ status: 'in_progress' }, 'completed')).toBeNull();
    expect(progressToRecord({ status: 'completed', score: 1 }, 'completed')).toBeNull();
    expect(progressToRecord({ status: 'in_progress' }, 'in_progress')).toBeNull();
    expect(progressToRecord(null, 'not_started')).toBeNull();
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
