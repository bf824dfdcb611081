import { userRoleValues } from '@loket/client';
import { useTranslate } from 'react-admin';

export function useRoleChoices() {
  const translate = useTranslate();
  return userRoleValues.map((id) => ({ id, name: translate(`loket.roles.${id}`) }));
}
