import { everything, listParticipants, type Scope, seedScale } from '@loket/db';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, migrationStatements, type TestDatabase } from '../support/database';

/**
 * The participant counters (kept by statement triggers) must equal counting the participants from
 * scratch after any sequence of writes, single or in bulk, and a list's total must equal the rows
 * it would page through, for every scope and organisation filter.
 */
let t: TestDatabase;
const sql = (text: string, values: unknown[] = []) => t.connection.executeSql(text, values);
let created = 0;

const workplaces = () => sql("select id from organisations where kind in ('library', 'branch') order by id");

async function pickIds(query: string, first: number, howMany: number) {
  const rows = (await sql(query)).rows as Array<{ id: string }>;
  if (rows.length === 0) return [];
  return Array.from({ length: howMany }, (_, n) => rows[(first + n) % rows.length]?.id).filter(
    (id, i, all): id is string => id !== undefined && all.indexOf(id) === i,
  );
}

const index = fc.nat({ max: 10_000 });
const change = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.array(index, { minLength: 1, maxLength: 30 }) }),
  fc.record({ kind: fc.constant('move' as const), first: index, howMany: fc.integer({ min: 1, max: 40 }), to: index }),
  fc.record({ kind: fc.constant('rename' as const), first: index, howMany: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('delete' as const), first: index, howMany: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('moveEveryone' as const), from: index, to: index }),
);
type Change = typeof change extends fc.Arbitrary<infer C> ? C : never;

async function apply(c: Change) {
  const places = (await workplaces()).rows as Array<{ id: string }>;
  const place = (n: number) => places[n % places.length]?.id;
  switch (c.kind) {
    case 'insert': {
      // One statement for all: a bulk insert over several organisations, as an import makes.
      const values = c.at.map((n) => {
        created += 1;
        return `(gen_random_uuid(), '${place(n)}', 'Nieuw', 'Persoon ${created}', 'teller.${created}@counts.example')`;
      });
      await sql(
        `insert into participants (id, organisation_id, given_name, family_name, email) values ${values.join(', ')}`,
      );
      return;
    }
    case 'move': {
      const ids = await pickIds('select id from participants order by id', c.first, c.howMany);
      await sql('update participants set organisation_id = $2 where id = any($1::uuid[])', [ids, place(c.to)]);
      return;
    }
    case 'rename': {
      const ids = await pickIds('select id from participants order by id', c.first, c.howMany);
      await sql(`update participants set job_title = 'Frontoffice' where id = any($1::uuid[])`, [ids]);
      return;
    }
    case 'delete': {
      const ids = await pickIds(
        'select p.id from participants p where not exists (select 1 from enrolments e where e.participant_id = p.id) order by p.id',
        c.first,
        c.howMany,
      );
      await sql('delete from participants where id = any($1::uuid[])', [ids]);
      return;
    }
    case 'moveEveryone': {
      await sql('update participants set organisation_id = $2 where organisation_id = $1', [
        place(c.from),
        place(c.to),
      ]);
      return;
    }
  }
}

async function expectSameCounts() {
  const kept = await sql('select organisation_id, participants from participant_counts where participants <> 0');
  const counted = await sql('select organisation_id, count(*)::int as participants from participants group by 1');
  const byOrganisation = (rows: unknown[]) =>
    Object.fromEntries(
      (rows as Array<{ organisation_id: string; participants: number }>).map((r) => [
        r.organisation_id,
        r.participants,
      ]),
    );
  expect(byOrganisation(kept.rows)).toEqual(byOrganisation(counted.rows));
}

/** The list's total beside the rows it pages through, for one scope and filter. */
async function expectTotalAsRows(scope: Scope, organisationId?: string) {
  const filter = { organisationId };
  const page = await listParticipants(t.connection.db, { scope, filter, page: { limit: 1, sort: [] } });
  const all = await listParticipants(t.connection.db, {
    scope,
    filter,
    page: { limit: 100_000, sort: [] },
    withTotal: false,
  });
  expect(page.total).toBe(all.rows.length);
}

beforeAll(async () => {
  t = await freshDatabase();
  await seedScale(t.connection.db, { participants: 150 });
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

describe('participant counters', () => {
  it('equal a count from scratch after any sequence of inserts, moves, edits and deletions', async () => {
    await expectSameCounts();
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 12 }), async (changes) => {
        for (const c of changes) await apply(c);
        await expectSameCounts();
      }),
      { numRuns: 25 },
    );
  }, 300_000);

  it('give every list the total of the rows it pages through: the country, each POI, each library', async () => {
    await expectTotalAsRows(everything);
    const organisations = (await sql("select id, path, kind from organisations where kind in ('poi', 'library')"))
      .rows as Array<{ id: string; path: string; kind: string }>;
    for (const o of organisations.slice(0, 12)) {
      await expectTotalAsRows({ kind: 'subtree', path: o.path });
      await expectTotalAsRows(everything, o.id);
    }
    // A library's staff asked for through another POI's scope: none, and a total of none.
    const [poi, library] = [
      organisations.find((o) => o.kind === 'poi'),
      organisations.find((o) => o.kind === 'library'),
    ];
    if (!poi || !library) throw new Error('the seed has no POI or library');
    const elsewhere = organisations.find((o) => o.kind === 'library' && !o.path.startsWith(poi.path));
    if (!elsewhere) throw new Error('the seed has one POI only');
    const outside = await listParticipants(t.connection.db, {
      scope: { kind: 'subtree', path: poi.path },
      filter: { organisationId: elsewhere.id },
      page: { limit: 25, sort: [] },
    });
    expect(outside).toMatchObject({ rows: [], total: 0 });
  }, 120_000);

  it('are filled in from existing rows when the migration runs', async () => {
    const fill = await migrationFill();
    await sql('delete from participant_counts');
    await sql(fill);
    await expectSameCounts();
    await expectTotalAsRows(everything);
  }, 60_000);
});

/** The INSERT … SELECT at the end of the counters' migration. */
async function migrationFill() {
  const fill = (await migrationStatements('_participant_counts.sql')).find((s) =>
    s.startsWith('INSERT INTO participant_counts'),
  );
  if (!fill) throw new Error('the migration fills no counters');
  return fill;
}
