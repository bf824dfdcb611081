import { insertOrganisation, type OrganisationRow } from '@loket/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeNamed } from '../../api/src/resources/enrolments/import';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let library: OrganisationRow;
let helmond: OrganisationRow;
let deurne: OrganisationRow;
let cohortId: string;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.connection.db;
  const poi = await insertOrganisation(db, { kind: 'poi', name: 'Cubiss', shortName: null }, t.kb);
  // The library's own city is Helmond, as is one of its branches: the case that put people at the library.
  library = await insertOrganisation(
    db,
    { kind: 'library', name: 'Bibliotheek Helmond-Peel', shortName: 'Helmond-Peel', city: 'Helmond' },
    poi,
  );
  helmond = await insertOrganisation(
    db,
    { kind: 'branch', name: 'Bibliotheek Helmond-Peel, vestiging Helmond', shortName: 'Helmond', city: 'Helmond' },
    library,
  );
  deurne = await insertOrganisation(
    db,
    { kind: 'branch', name: 'Bibliotheek Helmond-Peel, vestiging Deurne', shortName: 'Deurne', city: 'Deurne' },
    library,
  );
  const cohort = await t
    .http()
    .post('/v1/cohorts')
    .send({
      organisationId: library.id,
      phase: 'rollout',
      startsOn: '2026-03-02',
      endsOn: '2026-06-01',
      moduleCodes: ['boekstart'],
    });
  expect(cohort.status, JSON.stringify(cohort.body)).toBe(201);
  cohortId = cohort.body.id;
});

afterAll(async () => {
  await t.close();
});

const importCsv = (lines: string[], dryRun = true) =>
  t
    .http()
    .post(`/v1/cohorts/${cohortId}/enrolments/import?dryRun=${dryRun}`)
    .type('text/csv')
    .send(['voornaam;achternaam;e-mail;vestiging', ...lines].join('\r\n'));

describe('where an import puts each person', () => {
  it('shows in the dry run the library or the branch each row lands at, matching names exactly', async () => {
    const response = await importCsv([
      'Anouk;Jansen;anouk@helmond.example;Helmond',
      'Bram;Smits;bram@helmond.example;  bibliotheek helmond-peel,   VESTIGING deurne ',
      'Carla;Peters;carla@helmond.example;',
    ]);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.rows.map((r: { organisation: unknown }) => r.organisation)).toEqual([
      { id: helmond.id, name: helmond.name },
      { id: deurne.id, name: deurne.name },
      { id: library.id, name: library.name },
    ]);
  });

  it('reports a branch it cannot name exactly as a problem that asks which one, and imports nothing', async () => {
    const rows = ['Dirk;Vos;dirk@helmond.example;vestiging Helmond', 'Eva;Bos;eva@helmond.example;Asten'];
    const response = await importCsv(rows);
    expect(
      response.body.rows.map((r: { organisation: unknown; problems: unknown }) => [r.organisation, r.problems]),
    ).toEqual([
      [
        null,
        [
          {
            column: 'vestiging',
            message: '"vestiging Helmond" is not a branch of Bibliotheek Helmond-Peel',
            choices: [helmond.name],
          },
        ],
      ],
      [
        null,
        [
          {
            column: 'vestiging',
            message: '"Asten" is not a branch of Bibliotheek Helmond-Peel',
            choices: [library.name, helmond.name, deurne.name].sort(),
          },
        ],
      ],
    ]);
    expect((await importCsv(rows, false)).status).toBe(422);
    const people = await t.http().get(`/v1/participants?organisationId=${library.id}&q=helmond.example`);
    expect(people.body.page.total).toBe(0);
  });

  it('puts the imported people where the dry run said', async () => {
    const response = await importCsv(['Fleur;de Wit;fleur@helmond.example;HELMOND'], false);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const people = await t.http().get('/v1/participants?q=fleur@helmond.example');
    expect(people.body.data.map((p: { organisationId: string }) => p.organisationId)).toEqual([helmond.id]);
  });
});

describe('naming a place', () => {
  const places = [
    { id: 'l', name: 'Bibliotheek Helmond-Peel', shortName: 'Helmond-Peel' },
    { id: 'h', name: 'Bibliotheek Helmond-Peel, vestiging Helmond', shortName: 'Helmond' },
    { id: 'x', name: 'Tweede Helmond', shortName: 'Helmond' },
  ];
  it('asks which one when two places share the name', () => {
    expect(placeNamed(places, 'helmond')).toEqual({ choices: [places[1]?.name, places[2]?.name] });
    expect(placeNamed(places, ' helmond-PEEL ')).toEqual({ id: 'l' });
  });
});
