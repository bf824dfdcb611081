import { v7 as uuidv7 } from 'uuid';
import type { OrganisationValues } from '../queries/organisations';
import type { organisations } from '../schema/organisations';

export type OrganisationInsert = typeof organisations.$inferInsert & { id: string; path: string };

/** A new organisation under `parent`, with its id made here so its path is known before the insert. */
export function organisationRow(
  values: OrganisationValues,
  parent?: Pick<OrganisationInsert, 'id' | 'path'>,
): OrganisationInsert {
  const id = uuidv7();
  return { ...values, id, path: `${parent?.path ?? '/'}${id}/`, parentId: parent?.id ?? null };
}

/** The KB and the two partner foundations that commissioned the programme; the KB is the root. */
export function commissioners() {
  const kb = organisationRow({
    kind: 'national',
    name: 'Koninklijke Bibliotheek',
    shortName: 'KB',
    city: 'Den Haag',
    email: 'info@kb.example',
    website: 'https://www.kb.example',
  });
  const partners = [
    organisationRow(
      { kind: 'partner', name: 'Stichting Lezen', city: 'Amsterdam', website: 'https://www.lezen.example' },
      kb,
    ),
    organisationRow(
      {
        kind: 'partner',
        name: 'Stichting Lezen & Schrijven',
        city: 'Den Haag',
        website: 'https://www.lezenenschrijven.example',
      },
      kb,
    ),
  ];
  return { kb, rows: [kb, ...partners] };
}

/** A library of the seed: its own contact details under a `.example` domain. */
export function libraryRow(
  poi: OrganisationInsert,
  values: { name: string; shortName: string; province: string; city: string; domain: string },
) {
  const { domain, ...rest } = values;
  return organisationRow({ kind: 'library', ...rest, email: `info@${domain}`, website: `https://www.${domain}` }, poi);
}

/** A branch of a library, named the way libraries name them: "Bibliotheek Helmond-Peel, vestiging Deurne". */
export function branchRow(library: OrganisationInsert, place: string, city = place) {
  return organisationRow(
    {
      kind: 'branch',
      name: `${library.name}, vestiging ${place}`,
      shortName: place,
      province: library.province ?? null,
      city,
    },
    library,
  );
}
