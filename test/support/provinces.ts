import { expect } from 'vitest';
import type { TestApp } from './app';

/**
 * The world of the per-resource tests: two provinces, each a POI with one library, and the callers
 * who tell inside from outside: an adviser and a facilitator of the first, an adviser of the second.
 */
export async function twoProvinces(t: TestApp) {
  const organisation = async (body: Record<string, unknown>) => {
    const response = await t.http().post('/v1/organisations').send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id as string;
  };
  const poi = await organisation({ kind: 'poi', name: 'Cubiss', parentId: t.kb.id });
  const library = await organisation({ kind: 'library', name: 'Bibliotheek Hilversum', parentId: poi });
  const otherPoi = await organisation({ kind: 'poi', name: 'ProBiblio', parentId: t.kb.id });
  const otherLibrary = await organisation({ kind: 'library', name: 'Bibliotheek Haarlem', parentId: otherPoi });
  return {
    org: { poi, library, otherPoi, otherLibrary },
    token: {
      adviser: await t.tokenFor('adviser', { organisationId: poi }),
      facilitator: await t.tokenFor('facilitator', { organisationId: library }),
      outsider: await t.tokenFor('adviser', { organisationId: otherPoi }),
    },
  };
}
