import { cohortPhaseValues, cohortStatusValues, type components } from '@loket/client';
import { useTranslate } from 'react-admin';

/** A cohort as the API answers it, with the next statuses and what it accepts worked out there. */
export type CohortRecord = components['schemas']['Cohort'];
export type CohortStatus = CohortRecord['status'];

export function useCohortChoices() {
  const translate = useTranslate();
  return {
    statusChoices: cohortStatusValues.map((id) => ({ id, name: translate(`loket.cohorts.status.${id}`) })),
    phaseChoices: cohortPhaseValues.map((id) => ({ id, name: translate(`loket.cohorts.phase.${id}`) })),
  };
}
