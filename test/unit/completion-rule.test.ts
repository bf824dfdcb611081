import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CompletionInput,
  evaluateCompletion,
  nextEnrolmentStatus,
  type RuleAttendance,
  type RuleSession,
} from '../../api/src/resources/enrolments/rules';

const rule = {
  requireAllChosenModules: true,
  requiredSessionTypes: ['kickoff', 'team_meeting'] as Array<'kickoff' | 'team_meeting'>,
  excusedAbsenceWaivable: true,
};
const modules = ['landelijke-context', 'boekstart', 'digitaalhuis'].map((code, i) => ({
  id: `m${i}`,
  code,
  title: code,
}));
const sessions: RuleSession[] = [
  { id: 's1', type: 'kickoff', title: 'Kick-off', cancelled: false, counts: true },
  { id: 's2', type: 'team_meeting', title: 'Teambijeenkomst 1', cancelled: false, counts: true },
  { id: 's3', type: 'team_meeting', title: 'Teambijeenkomst 2', cancelled: false, counts: true },
];
const allDone = (): CompletionInput => ({
  rule,
  modules,
  progress: new Map(modules.map((m) => [m.id, 'completed' as const])),
  sessions,
  attendance: new Map(sessions.map((s) => [s.id, { status: 'present' as const, excuseWaived: false }])),
});

describe('the completion rule', () => {
  it('holds when every chosen module is completed and every meeting attended', () => {
    expect(evaluateCompletion(allDone())).toEqual({ eligible: true, missing: [] });
  });

  it('lists each unfinished module with its status', () => {
    const input = allDone();
    const progress = new Map(input.progress);
    progress.set('m1', 'in_progress');
    progress.delete('m2');
    const result = evaluateCompletion({ ...input, progress });
    expect(result.eligible).toBe(false);
    expect(result.missing).toEqual([
      { kind: 'module', moduleId: 'm1', code: 'boekstart', title: 'boekstart', status: 'in_progress' },
      { kind: 'module', moduleId: 'm2', code: 'digitaalhuis', title: 'digitaalhuis', status: 'not_started' },
    ]);
  });

  it('names why a meeting does not count: not recorded, absent, or excused without a waiver', () => {
    const attendance = new Map<string, RuleAttendance>([
      ['s2', { status: 'absent', excuseWaived: false }],
      ['s3', { status: 'excused', excuseWaived: false }],
    ]);
    const result = evaluateCompletion({ ...allDone(), attendance });
    expect(result.missing.map((m) => (m.kind === 'session' ? [m.sessionId, m.reason] : null))).toEqual([
      ['s1', 'not_recorded'],
      ['s2', 'absent'],
      ['s3', 'excused_not_waived'],
    ]);
  });

  it('accepts an excused absence the coordinator waived, unless the rule forbids waivers', () => {
    const attendance = new Map(allDone().attendance);
    attendance.set('s2', { status: 'excused', excuseWaived: true });
    expect(evaluateCompletion({ ...allDone(), attendance }).eligible).toBe(true);
    expect(
      evaluateCompletion({ ...allDone(), attendance, rule: { ...rule, excusedAbsenceWaivable: false } }).eligible,
    ).toBe(false);
  });

  it('asks nothing of an optional meeting, and asks presence once it counts', () => {
    const extra: RuleSession = { id: 's4', type: 'team_meeting', title: 'Extra', cancelled: false, counts: false };
    const optional = evaluateCompletion({ ...allDone(), sessions: [...sessions, extra] });
    expect(optional).toEqual({ eligible: true, missing: [] });
    const counting = evaluateCompletion({ ...allDone(), sessions: [...sessions, { ...extra, counts: true }] });
    expect(counting.missing).toEqual([
      { kind: 'session', sessionId: 's4', type: 'team_meeting', title: 'Extra', reason: 'not_recorded' },
    ]);
  });

  it('asks nothing of a cancelled meeting', () => {
    const attendance = new Map(allDone().attendance);
    attendance.delete('s3');
    const cancelled = sessions.map((s) => (s.id === 's3' ? { ...s, cancelled: true } : s));
    expect(evaluateCompletion({ ...allDone(), attendance, sessions: cancelled }).eligible).toBe(true);
  });

  it('is eligible exactly when nothing is missing, and misses only chosen modules and required meetings', () => {
    const progressStatus = fc.constantFrom('not_started' as const, 'in_progress' as const, 'completed' as const);
    const attendanceRecord = fc.option(
      fc.record({
        status: fc.constantFrom('present' as const, 'absent' as const, 'excused' as const),
        excuseWaived: fc.boolean(),
      }),
      { nil: undefined },
    );
    fc.assert(
      fc.property(
        fc.array(progressStatus, { minLength: 1, maxLength: 6 }),
        fc.array(
          fc.tuple(
            fc.constantFrom('kickoff' as const, 'team_meeting' as const),
            fc.boolean(),
            attendanceRecord,
            fc.boolean(),
          ),
          { maxLength: 4 },
        ),
        fc.boolean(),
        (statuses, meetingSpecs, waivable) => {
          const chosen = statuses.map((_, i) => ({ id: `m${i}`, code: `c${i}`, title: `t${i}` }));
          const meetingList = meetingSpecs.map(([type, cancelled, , counts], i) => ({
            id: `s${i}`,
            type,
            title: `s${i}`,
            cancelled,
            counts,
          }));
          const attendance = new Map<string, RuleAttendance>();
          meetingSpecs.forEach(([, , record], i) => {
            if (record)
              attendance.set(`s${i}`, record.status === 'excused' ? record : { ...record, excuseWaived: false });
          });
          const result = evaluateCompletion({
            rule: { ...rule, excusedAbsenceWaivable: waivable },
            modules: chosen,
            progress: new Map(statuses.map((s, i) => [`m${i}`, s])),
            sessions: meetingList,
            attendance,
          });
          expect(result.eligible).toBe(result.missing.length === 0);
          const missingModules = result.missing.filter((m) => m.kind === 'module').length;
          expect(missingModules).toBe(statuses.filter((s) => s !== 'completed').length);
          for (const item of result.missing) {
            if (item.kind === 'session') {
              const meeting = meetingList.find((s) => s.id === item.sessionId);
              expect(meeting?.cancelled).toBe(false);
              expect(meeting?.counts).toBe(true);
              expect(attendance.get(item.sessionId)?.status).not.toBe('present');
            }
          }
        },
      ),
    );
  });
});

describe('the enrolment status after a change', () => {
  it('completes when eligible, reopens when no longer, and leaves a withdrawal alone', () => {
    expect(nextEnrolmentStatus('active', true, true)).toBe('completed');
    expect(nextEnrolmentStatus('invited', false, true)).toBe('active');
    expect(nextEnrolmentStatus('invited', false, false)).toBe('invited');
    expect(nextEnrolmentStatus('completed', false, true)).toBe('active');
    expect(nextEnrolmentStatus('withdrawn', true, true)).toBe('withdrawn');
  });
});
