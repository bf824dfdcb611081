import type { CohortStatus } from '@loket/db';

/** A cohort moves forward only: planned → running → evaluating → closed. */
const next: Record<CohortStatus, CohortStatus | null> = {
  planned: 'running',
  running: 'evaluating',
  evaluating: 'closed',
  closed: null,
};

export function transitionProblem(from: CohortStatus, to: CohortStatus): string | null {
  if (from === to) return null;
  if (next[from] === to) return null;
  const allowed = next[from];
  return allowed
    ? `A ${from} cohort can only move to ${allowed}, not to ${to}.`
    : 'A closed cohort does not change any more.';
}

/** The statuses a cohort may move to from this one: what the admin offers as next steps. */
export function nextStatuses(from: CohortStatus): CohortStatus[] {
  const to = next[from];
  return to ? [to] : [];
}

/** What a cohort in each status still accepts. */
export const cohortAccepts = {
  enrolments: (status: CohortStatus) => status === 'planned' || status === 'running',
  moduleChanges: (status: CohortStatus) => status === 'planned',
  meetings: (status: CohortStatus) => status !== 'closed',
  progress: (status: CohortStatus) => status === 'running' || status === 'evaluating',
  attendance: (status: CohortStatus) => status === 'running' || status === 'evaluating',
};

/** Every answer of cohortAccepts for one status, as the cohort resource shows it. */
export function acceptsOf(status: CohortStatus): Record<keyof typeof cohortAccepts, boolean> {
  return {
    enrolments: cohortAccepts.enrolments(status),
    moduleChanges: cohortAccepts.moduleChanges(status),
    meetings: cohortAccepts.meetings(status),
    progress: cohortAccepts.progress(status),
    attendance: cohortAccepts.attendance(status),
  };
}
