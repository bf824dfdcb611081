/** The menu's sections: each entry a resource and the permission (api/src/lib/permissions.ts) its list needs. */
export const menuSections = [
  {
    id: 'execution',
    items: [
      { resource: 'cohorts', permission: 'cohorts:read' },
      { resource: 'sessions', permission: 'sessions:read' },
      { resource: 'enrolments', permission: 'enrolments:read' },
      { resource: 'certificates', permission: 'certificates:read' },
      { resource: 'evaluations', permission: 'evaluations:read' },
    ],
  },
  {
    id: 'people',
    items: [
      { resource: 'organisations', permission: 'organisations:read' },
      { resource: 'participants', permission: 'participants:read' },
      { resource: 'users', permission: 'users:manage' },
    ],
  },
  {
    id: 'programme',
    items: [
      { resource: 'programmes', permission: 'catalogue:read' },
      { resource: 'modules', permission: 'catalogue:read' },
    ],
  },
  {
    id: 'management',
    items: [
      { resource: 'audit-events', permission: 'audit:read' },
      { resource: 'api-clients', permission: 'clients:manage' },
      { resource: 'identity-providers', permission: 'identity-providers:manage' },
    ],
  },
] as const;

export type MenuSection = { id: string; resources: string[] };

/** Whether a screen is one of a participant's own pages: their track (the start page) and /my/…. */
const participantOnly = (pathname: string) => pathname.startsWith('/my/');

/** Participants open only their own pages (and their start page); staff open all but those. */
export function mayOpen(participant: boolean, pathname: string): boolean {
  return participant ? pathname === '/' || participantOnly(pathname) : !participantOnly(pathname);
}

/** A participant's own pages, after "Mijn leertraject" (their start page); they see nothing else. */
export const participantPages = [
  { id: 'evaluations', to: '/my/evaluations', label: 'loket.me.menu.evaluations' },
  { id: 'certificate', to: '/my/certificate', label: 'loket.me.menu.certificate' },
] as const;

/**
 * The sections a user sees: only the resources the app has and the user may list, and no heading
 * over an empty section.
 */
export function visibleSections(permissions: readonly string[], registered: ReadonlySet<string>): MenuSection[] {
  return menuSections
    .map((section) => ({
      id: section.id,
      resources: section.items
        .filter((item) => registered.has(item.resource) && permissions.includes(item.permission))
        .map((item) => item.resource),
    }))
    .filter((section) => section.resources.length > 0);
}
