import { usePermissions } from 'react-admin';

/** What the signed-in account may do (api/src/lib/permissions.ts, from GET /v1/me) and as whom. */
export interface Access {
  role: string | null;
  permissions: string[];
}

/** Whether the signed-in user holds a permission. */
export function useCan(permission: string): boolean {
  const { permissions } = usePermissions<Access>();
  return permissions?.permissions.includes(permission) ?? false;
}

/** Participants get their own pages instead of the staff screens. */
export const isParticipant = (access: Access | undefined) => access?.role === 'participant';
