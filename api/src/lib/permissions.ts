import type { Role } from '@loket/db';

/** Everything a caller can be allowed to do. Routes name one; the tables below grant them. */
export const permissions = [
  'self:read',
  'catalogue:read',
  'programmes:publish',
  'organisations:read',
  'organisations:write',
  'organisations:create-top-level',
  'participants:read',
  'participants:write',
  'participants:privacy',
  'users:manage',
  'clients:manage',
  'audit:read',
] as const;
export type Permission = (typeof permissions)[number];

/**
 * Who may do what. Where a role may act is the other half: its scope (the organisation subtree
 * it is bound to), applied inside every query.
 */
export const rolePermissions: Record<Role, readonly Permission[]> = {
  // KB staff: the whole country, and the only ones who publish programme versions, create
  // national or POI organisations, and manage accounts.
  admin: permissions,
  // POI adviser: the libraries of their province.
  adviser: [
    'self:read',
    'catalogue:read',
    'organisations:read',
    'organisations:write',
    'participants:read',
    'participants:write',
    'audit:read',
  ],
  // Library coordinator: their library and its branches, and its people's privacy requests.
  coordinator: [
    'self:read',
    'catalogue:read',
    'organisations:read',
    'organisations:write',
    'participants:read',
    'participants:write',
    'participants:privacy',
  ],
  // Facilitator: reads their library; takes attendance for their cohorts.
  facilitator: ['self:read', 'catalogue:read', 'organisations:read', 'participants:read'],
  // Participant: the catalogue and their own records only.
  participant: ['self:read', 'catalogue:read', 'participants:read'],
};

/** The scopes an API client can be given, and what each allows. */
export const clientScopePermissions = {
  'read:catalogue': ['catalogue:read'],
  'read:participants': ['organisations:read', 'participants:read'],
  'write:participants': ['participants:write'],
  'read:audit': ['audit:read'],
} as const satisfies Record<string, readonly Permission[]>;
export type ClientScope = keyof typeof clientScopePermissions;
export const clientScopes = Object.keys(clientScopePermissions) as ClientScope[];

export function permissionsForClient(scopes: readonly string[]): Permission[] {
  return [
    ...new Set(
      scopes.flatMap((scope) => (clientScopePermissions as Record<string, readonly Permission[]>)[scope] ?? []),
    ),
  ];
}

/** Roles and client scopes that grant a permission: for the API documentation. */
export function whoMay(permission: Permission): { roles: Role[]; clientScopes: ClientScope[] } {
  return {
    roles: (Object.keys(rolePermissions) as Role[]).filter((role) => rolePermissions[role].includes(permission)),
    clientScopes: clientScopes.filter((scope) =>
      (clientScopePermissions[scope] as readonly Permission[]).includes(permission),
    ),
  };
}
