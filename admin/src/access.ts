import { usePermissions } from 'react-admin';

/** Whether the signed-in user holds a permission of api/src/lib/permissions.ts (from GET /v1/me). */
export function useCan(permission: string): boolean {
  const { permissions } = usePermissions<string[]>();
  return Array.isArray(permissions) && permissions.includes(permission);
}
