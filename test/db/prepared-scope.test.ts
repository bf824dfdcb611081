import {
  everything,
  findParticipant,
  insertParticipant,
  nowhere,
  type ParticipantRow,
  type Scope,
  seedScale,
} from '@loket/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database';

/**
 * A participant read by id is built once per kind of scope and prepared; each call fills in its
 * caller's values. Callers of the same kind but another part of the country must still see only
 * their own part, whatever order they come in, and a transaction's read must run in it.
 */
let t: TestDatabase;
const sql = (text: string, values: unknown[] = []) => t.connection.executeSql(text, values);
/** Two participants of libraries under different POIs, with those POIs' paths. */
const people: Array<{ id: string; poiPath: string }> = [];

beforeAll(async () => {
  t = await freshDatabase();
  await seedScale(t.connection.db, { participants: 60 });
  const { rows } = await sql(
    `select distinct on (poi.id) p.id, poi.path as "poiPath"
       from participants p
       join organisations o on o.id = p.organisation_id
       join organisations poi on poi.kind = 'poi' and o.path like poi.path || '%'
      order by poi.id, p.id limit 2`,
  );
  people.push(...(rows as typeof people));
  expect(people).toHaveLength(2);
});

afterAll(async () => {
  await t?.drop();
});

const subtree = (path: string): Scope => ({ kind: 'subtree', path });
const self = (participantId: string): Scope => ({ kind: 'self', participantId });

describe('findParticipant, prepared per kind of scope', () => {
  it('gives each caller only their own part of the country, in any order', async () => {
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    const db = t.connection.db;
    const cases: Array<[Scope, string, boolean]> = [
      [subtree(a.poiPath), a.id, true],
      [subtree(b.poiPath), a.id, false],
      [subtree(b.poiPath), b.id, true],
      [subtree(a.poiPath), b.id, false],
      [self(a.id), a.id, true],
      [self(b.id), a.id, false],
      [self(b.id), b.id, true],
      [everything, a.id, true],
      [everything, b.id, true],
      [nowhere, a.id, false],
    ];
    for (const [scope, id, found] of [...cases, ...cases.reverse()]) {
      const row = await findParticipant(db, scope, id);
      expect(row?.id, `${JSON.stringify(scope)} reading ${id}`).toBe(found ? id : undefined);
    }
  });

  it('reads inside the transaction it is given', async () => {
    const [a] = people as [(typeof people)[0]];
    const db = t.connection.db;
    const found = await findParticipant(db, subtree(a.poiPath), a.id);
    if (!found) throw new Error('the participant is not found in its own POI');
    // The pool's handle has prepared its query first: were it shared, the read below would run
    // outside the transaction and miss the row the transaction has not committed.
    let inside: ParticipantRow | undefined;
    const rolledBack = new Error('roll back');
    await expect(
      db.transaction(async (tx) => {
        const row = await insertParticipant(tx, {
          organisationId: found.organisationId,
          givenName: 'Nog',
          familyName: 'Niet Vastgelegd',
          email: 'uncommitted@prepared.example',
        });
        inside = await findParticipant(tx, subtree(a.poiPath), row.id);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(inside?.email).toBe('uncommitted@prepared.example');
    if (!inside) return;
    expect(await findParticipant(db, subtree(a.poiPath), inside.id)).toBeUndefined();
  });
});
