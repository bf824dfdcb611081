import type { AttendanceStatus, CompletionRule, EnrolmentStatus, ProgressStatus, SessionType } from '@loket/db';

export interface RuleModule {
  id: string;
  code: string;
  title: string;
}

export interface RuleSession {
  id: string;
  type: SessionType;
  title: string;
  cancelled: boolean;
  /** The programme's plan makes its meetings count; an extra one counts only when the adviser says so. */
  counts: boolean;
}

export interface RuleAttendance {
  status: AttendanceStatus;
  excuseWaived: boolean;
}

export type MissingItem =
  | { kind: 'module'; moduleId: string; code: string; title: string; status: ProgressStatus }
  | {
      kind: 'session';
      sessionId: string;
      type: SessionType;
      title: string;
      reason: 'not_recorded' | 'absent' | 'excused_not_waived';
    };

export interface CompletionInput {
  rule: CompletionRule;
  /** The modules the cohort chose. */
  modules: RuleModule[];
  progress: ReadonlyMap<string, ProgressStatus>;
  sessions: RuleSession[];
  attendance: ReadonlyMap<string, RuleAttendance>;
}

export interface CompletionResult {
  eligible: boolean;
  missing: MissingItem[];
}

/**
 * The programme's completion rule: every chosen module completed, and present at every counting meeting
 * of the required types (a cancelled or optional meeting asks nothing); an excused absence counts
 * when the rule allows it and the coordinator waived it.
 */
export function evaluateCompletion(input: CompletionInput): CompletionResult {
  const missing: MissingItem[] = [];
  if (input.rule.requireAllChosenModules) {
    for (const module of input.modules) {
      const status = input.progress.get(module.id) ?? 'not_started';
      if (status !== 'completed') {
        missing.push({ kind: 'module', moduleId: module.id, code: module.code, title: module.title, status });
      }
    }
  }
  const requiredTypes = new Set(input.rule.requiredSessionTypes);
  for (const session of input.sessions) {
    if (session.cancelled || !session.counts || !requiredTypes.has(session.type)) continue;
    const record = input.attendance.get(session.id);
    const reason = !record
      ? 'not_recorded'
      : record.status === 'present'
        ? null
        : record.status === 'excused'
          ? input.rule.excusedAbsenceWaivable && record.excuseWaived
            ? null
            : 'excused_not_waived'
          : 'absent';
    if (reason)
      missing.push({ kind: 'session', sessionId: session.id, type: session.type, title: session.title, reason });
  }
  return { eligible: missing.length === 0, missing };
}

/** Which status an enrolment moves to after its progress or attendance changed. */
export function nextEnrolmentStatus(
  current: EnrolmentStatus,
  eligible: boolean,
  anyActivity: boolean,
): EnrolmentStatus {
  if (current === 'withdrawn') return current;
  if (eligible) return 'completed';
  if (current === 'completed' || anyActivity) return 'active';
  return current;
}
