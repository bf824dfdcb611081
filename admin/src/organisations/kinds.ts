import { useTranslate } from 'react-admin';

export const organisationKinds = ['national', 'poi', 'library', 'branch', 'partner'] as const;

export function useKindChoices() {
  const translate = useTranslate();
  return organisationKinds.map((id) => ({ id, name: translate(`loket.kinds.${id}`) }));
}
