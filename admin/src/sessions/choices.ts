import { type components, sessionStatusValues, sessionTypeValues } from '@loket/client';
import { useTranslate } from 'react-admin';

/** A meeting as the API answers it. */
export type SessionRecord = components['schemas']['Session'];

export function useSessionChoices() {
  const translate = useTranslate();
  return {
    typeChoices: sessionTypeValues.map((id) => ({ id, name: translate(`loket.sessions.type.${id}`) })),
    statusChoices: sessionStatusValues.map((id) => ({ id, name: translate(`loket.sessions.status.${id}`) })),
  };
}
