import { type ApiClientScope, apiClientScopes, type Role } from '@loket/db';

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
  'cohorts:read',
  'cohorts:write',
  'enrolments:read',
  'enrolments:write',
  'progress:write',
  // Progress recorded by staff for a module done elsewhere, with a reason.
  'progress:record-by-hand',
  'progress:reset',
  'sessions:read',
  'sessions:write',
  'attendance:write',
  'certificates:read',
  'certificates:issue',
  'certificates:revoke',
  'evaluations:read',
  'evaluations:write',
  'reports:read',
  'users:read',
  'users:manage',
  'clients:manage',
  'identity-providers:manage',
  'calendar:own',
  'audit:read',
  'metrics:read',
  'webhooks:manage',
  'events:read',
  'notifications:read',
  // The LRS: reading statements and documents (writing them is progress:write).
  'xapi:read',
  // Linking the actors of unlinked statements to participants.
  'xapi:manage',
  // Importing cmi5 course packages, and launching, waiving and abandoning in them for any learner.
  'courses:manage',
] as const;
export type Permission = (typeof permissions)[number];

/**
 * Who may do what. Where a role may act is the other half: its scope (the organisation subtree
 * it is bound to), applied inside every query.
 */
export const rolePermissions: Record<Role, readonly Permission[]> = {
  // KB staff: the whole country, and the only ones who publish programme versions, create
  // national or POI organisations, and manage accounts.
  // Evaluations are the participants' own voice: nobody writes them on their behalf.
  admin: permissions.filter((permission) => permission !== 'evaluations:write'),
  // POI adviser: the libraries of their province.
  adviser: [
    'self:read',
    'calendar:own',
    'catalogue:read',
    'organisations:read',
    'organisations:write',
    'participants:read',
    'participants:write',
    'cohorts:read',
    'cohorts:write',
    'enrolments:read',
    'xapi:read',
    'enrolments:write',
    'progress:write',
    'progress:record-by-hand',
    'sessions:read',
    'sessions:write',
    'attendance:write',
    'certificates:read',
    'certificates:issue',
    'evaluations:read',
    'reports:read',
    'audit:read',
    'notifications:read',
    // To choose a cohort's facilitators from the library's accounts.
    'users:read',
  ],
  // Library coordinator: their library and its branches: its people, enrolments and meetings, and
  // its people's privacy requests. Cohorts themselves are planned by the POI adviser.
  coordinator: [
    'self:read',
    'calendar:own',
    'catalogue:read',
    'organisations:read',
    'organisations:write',
    'participants:read',
    'participants:write',
    'participants:privacy',
    'cohorts:read',
    'enrolments:read',
    'xapi:read',
    'enrolments:write',
    'progress:write',
    'progress:record-by-hand',
    'sessions:read',
    'sessions:write',
    'attendance:write',
    'certificates:read',
    'certificates:issue',
    'evaluations:read',
    'reports:read',
    'notifications:read',
    'users:read',
  ],
  // Facilitator: reads their library; takes attendance for the cohorts they facilitate.
  facilitator: [
    'self:read',
    'calendar:own',
    'catalogue:read',
    'organisations:read',
    'participants:read',
    'cohorts:read',
    'enrolments:read',
    'xapi:read',
    'sessions:read',
    'attendance:write',
    'certificates:read',
    'evaluations:read',
    'reports:read',
  ],
  // Participant: the catalogue and their own records only; they report their own progress.
  participant: [
    'self:read',
    'calendar:own',
    'catalogue:read',
    'participants:read',
    'cohorts:read',
    'enrolments:read',
    'xapi:read',
    'sessions:read',
    'progress:write',
    'certificates:read',
    'evaluations:read',
    'evaluations:write',
    'notifications:read',
  ],
};

/** What each scope an API client can be given allows (the scopes themselves: apiClientScopes in the db schema). */
export const clientScopePermissions = {
  'read:catalogue': ['catalogue:read'],
  'read:participants': [
    'organisations:read',
    'participants:read',
    'cohorts:read',
    'enrolments:read',
    'sessions:read',
    'xapi:read',
  ],
  'write:participants': ['participants:write', 'enrolments:write'],
  // An LRS key and secret: players store statements and documents, and read them back.
  'write:progress': ['progress:write', 'xapi:read'],
  'read:certificates': ['certificates:read'],
  'read:reports': ['reports:read', 'evaluations:read'],
  'read:audit': ['audit:read'],
  // The event feed takes the client's binding like a subscription does; a webhook receiver catches
  // up on what it missed through it.
  'read:events': ['events:read'],
  // Subscriptions take the client's binding: a client of one province hears only that province.
  'manage:webhooks': ['webhooks:manage', 'events:read'],
  // An e-learning platform or a test harness acting as KB's course manager.
  'manage:courses': ['courses:manage', 'catalogue:read', 'xapi:read'],
} as const satisfies Record<ApiClientScope, readonly Permission[]>;

export function permissionsForClient(scopes: readonly string[]): Permission[] {
  return [
    ...new Set(
      scopes.flatMap((scope) => (clientScopePermissions as Record<string, readonly Permission[]>)[scope] ?? []),
    ),
  ];
}

/** Roles and client scopes that grant a permission: for the API documentation. */
export function whoMay(permission: Permission): { roles: Role[]; clientScopes: ApiClientScope[] } {
  return {
    roles: (Object.keys(rolePermissions) as Role[]).filter((role) => rolePermissions[role].includes(permission)),
    clientScopes: apiClientScopes.filter((scope) =>
      (clientScopePermissions[scope] as readonly Permission[]).includes(permission),
    ),
  };
}
