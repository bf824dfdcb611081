import { describe, expect, it } from 'vitest';
import { mayOpen, participantPages, visibleSections } from '../../admin/src/layout/menuGroups';
import { rolePermissions } from '../../api/src/lib/permissions';

const everything = new Set([
  'cohorts',
  'sessions',
  'enrolments',
  'certificates',
  'evaluations',
  'organisations',
  'participants',
  'users',
  'programmes',
  'modules',
  'audit-events',
  'api-clients',
  'identity-providers',
]);
const menuOf = (role: keyof typeof rolePermissions, registered = everything) =>
  Object.fromEntries(visibleSections(rolePermissions[role], registered).map((s) => [s.id, s.resources]));

describe('the admin menu', () => {
  it('gives KB staff every section, management included', () => {
    expect(menuOf('admin')).toEqual({
      execution: ['cohorts', 'sessions', 'enrolments', 'certificates', 'evaluations'],
      people: ['organisations', 'participants', 'users'],
      programme: ['programmes', 'modules'],
      management: ['audit-events', 'api-clients', 'identity-providers'],
    });
  });

  it('shows an adviser the audit log but no accounts or API clients', () => {
    const menu = menuOf('adviser');
    expect(menu.people).toEqual(['organisations', 'participants']);
    expect(menu.management).toEqual(['audit-events']);
  });

  it('leaves the management section out for coordinators and facilitators', () => {
    for (const role of ['coordinator', 'facilitator'] as const) {
      const menu = menuOf(role);
      expect(menu.management).toBeUndefined();
      expect(menu.people).toEqual(['organisations', 'participants']);
      expect(menu.execution).toContain('cohorts');
    }
  });

  it('shows no heading over resources the admin does not have yet', () => {
    expect(menuOf('admin', new Set(['organisations', 'programmes']))).toEqual({
      people: ['organisations'],
      programme: ['programmes'],
    });
  });

  it('gives participants their own pages and nothing else, and staff none of those', () => {
    expect(participantPages.map((page) => page.to)).toEqual(['/my/evaluations', '/my/certificate']);
    for (const page of ['/', ...participantPages.map((p) => p.to), '/my/evaluations/e/module/m']) {
      expect(mayOpen(true, page), page).toBe(true);
    }
    for (const page of ['/cohorts', '/participants/1/show', '/certificates', '/evaluations', '/import']) {
      expect(mayOpen(true, page), page).toBe(false);
      expect(mayOpen(false, page), page).toBe(true);
    }
    expect(mayOpen(false, '/my/certificate')).toBe(false);
    expect(mayOpen(false, '/')).toBe(true);
  });
});
