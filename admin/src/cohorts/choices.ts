import { useTranslate } from 'react-admin';

export const cohortStatuses = ['planned', 'running', 'evaluating', 'closed'] as const;
export type CohortStatus = (typeof cohortStatuses)[number];
export const cohortPhases = ['pilot', 'rollout'] as const;

/** The one step a cohort may take next, as api/src/resources/cohorts/rules.ts defines it. */
export const nextStatus: Record<CohortStatus, CohortStatus | null> = {
  planned: 'running',
  running: 'evaluating',
  evaluating: 'closed',
  closed: null,
};

/** What a cohort in each status still accepts (the API's cohortAccepts). */
export const cohortAccepts = {
  enrolments: (status: CohortStatus) => status === 'planned' || status === 'running',
  moduleChanges: (status: CohortStatus) => status === 'planned',
  meetings: (status: CohortStatus) => status !== 'closed',
  attendance: (status: CohortStatus) => status === 'running' || status === 'evaluating',
};

export function useCohortChoices() {
  const translate = useTranslate();
  return {
    statusChoices: cohortStatuses.map((id) => ({ id, name: translate(`loket.cohorts.status.${id}`) })),
    phaseChoices: cohortPhases.map((id) => ({ id, name: translate(`loket.cohorts.phase.${id}`) })),
  };
}

export interface CohortRecord {
  id: string;
  organisationId: string;
  programmeVersionId: string;
  name: string;
  phase: 'pilot' | 'rollout';
  status: CohortStatus;
  startsOn: string;
  endsOn: string;
  modules: Array<{ id: string; code: string; title: string; position: number }>;
  adviserUserId: string | null;
  facilitatorUserIds: string[];
  version: number;
}
