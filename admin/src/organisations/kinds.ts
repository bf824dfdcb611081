import { organisationKindValues } from '@loket/client';
import { useTranslate } from 'react-admin';

export function useKindChoices() {
  const translate = useTranslate();
  return organisationKindValues.map((id) => ({ id, name: translate(`loket.kinds.${id}`) }));
}
