import { useTranslate } from 'react-admin';

export const roles = ['admin', 'adviser', 'coordinator', 'facilitator', 'participant'] as const;

export function useRoleChoices() {
  const translate = useTranslate();
  return roles.map((id) => ({ id, name: translate(`loket.roles.${id}`) }));
}
