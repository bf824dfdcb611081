import { useTranslate } from 'react-admin';

export const sessionTypes = ['kickoff', 'team_meeting'] as const;
export const sessionStatuses = ['scheduled', 'held', 'cancelled'] as const;

export interface SessionRecord {
  id: string;
  cohortId: string;
  type: (typeof sessionTypes)[number];
  sequence: number;
  title: string;
  status: (typeof sessionStatuses)[number];
  countsForCertificate: boolean;
  startsAt: string;
  endsAt: string;
  onlineUrl: string | null;
  capacity: number | null;
  agenda: string[];
  version: number;
}

export function useSessionChoices() {
  const translate = useTranslate();
  return {
    typeChoices: sessionTypes.map((id) => ({ id, name: translate(`loket.sessions.type.${id}`) })),
    statusChoices: sessionStatuses.map((id) => ({ id, name: translate(`loket.sessions.status.${id}`) })),
  };
}
