import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from './app';
import { created } from './records';

/**
 * The world of the per-resource tests: two provinces, each a POI with one library, and the callers
 * who tell inside from outside: an adviser and a facilitator of the first, an adviser of the second.
 */
export async function twoProvinces(t: TestApp) {
  const organisation = async (body: Record<string, unknown>) => (await created(t, '/v1/organisations', body)).id;
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

type Provinces = Awaited<ReturnType<typeof twoProvinces>>;

/**
 * A per-resource test file's setup: starts the app and the two provinces before its tests (handing
 * the app to `started`) and closes the app after them. The returned org and token are filled in by
 * the time the tests run.
 */
export function inTwoProvinces(started: (t: TestApp) => void) {
  const world = { org: {} as Provinces['org'], token: {} as Provinces['token'] };
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await startTestApp();
    started(t);
    const provinces = await twoProvinces(t);
    Object.assign(world.org, provinces.org);
    Object.assign(world.token, provinces.token);
  });
  afterAll(async () => {
    await t?.close();
  });
  return world;
}
