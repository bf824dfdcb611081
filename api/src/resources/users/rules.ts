import type { OrganisationKind, Role } from '@loket/db';

/** The kind of organisation each role is bound to; participants are bound to their own record. */
export const roleOrganisationKind: Record<Role, OrganisationKind | null> = {
  admin: 'national',
  adviser: 'poi',
  coordinator: 'library',
  facilitator: 'library',
  participant: null,
};

/** Why a role cannot be bound this way, or null when it can. */
export function bindingProblem(
  role: Role,
  organisationKind: OrganisationKind | null,
  hasParticipant: boolean,
): { path: string; message: string; code: string; params?: { role: Role; kind: OrganisationKind } } | null {
  const expected = roleOrganisationKind[role];
  if (expected === null) {
    if (!hasParticipant)
      return {
        path: '/participantId',
        message: 'A participant account needs its participant record.',
        code: 'account-needs-participant',
      };
    if (organisationKind !== null)
      return {
        path: '/organisationId',
        message: 'A participant account is bound to the person, not an organisation.',
        code: 'participant-account-has-organisation',
      };
    return null;
  }
  if (hasParticipant)
    return {
      path: '/participantId',
      message: `A ${role} account is not bound to a participant record.`,
      code: 'staff-account-has-participant',
    };
  if (organisationKind !== expected) {
    return {
      path: '/organisationId',
      message: `A ${role} account is bound to an organisation of kind ${expected}.`,
      code: 'account-organisation-kind',
      params: { role, kind: expected },
    };
  }
  return null;
}
