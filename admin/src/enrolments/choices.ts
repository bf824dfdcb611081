import { enrolmentStatusValues } from '@loket/client';
import { useTranslate } from 'react-admin';

/** The enrolment statuses to filter and show by, as the generated client lists them. */
export function useEnrolmentStatusChoices() {
  const translate = useTranslate();
  return enrolmentStatusValues.map((id) => ({ id, name: translate(`loket.enrolments.status.${id}`) }));
}
