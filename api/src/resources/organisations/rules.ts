import type { OrganisationKind } from '@loket/db';

/** Which kind of organisation may hang under which: the shape of the library system. */
const allowedParents: Record<OrganisationKind, ReadonlyArray<OrganisationKind | null>> = {
  national: [null],
  partner: [null, 'national'],
  poi: [null, 'national'],
  library: ['poi'],
  branch: ['library'],
};

/** Returns why the placement is wrong, or null when it is fine. */
export function placementProblem(kind: OrganisationKind, parentKind: OrganisationKind | null): string | null {
  const allowed = allowedParents[kind];
  if (allowed.includes(parentKind)) return null;
  const expected = allowed.map((k) => (k === null ? 'no parent' : `a ${k}`)).join(' or ');
  const actual = parentKind === null ? 'no parent' : `a ${parentKind}`;
  return `An organisation of kind ${kind} must have ${expected}, not ${actual}.`;
}
