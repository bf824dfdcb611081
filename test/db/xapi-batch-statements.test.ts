import {
  type Connection,
  connect,
  findModuleEnrolments,
  findParticipantsForAgents,
  seedScale,
  startStatementBatch,
} from '@loket/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database';

/**
 * The statements an xAPI batch runs are named: each connection plans them once, and inside the
 * batch's transaction on their generic plan. Whatever plan runs, every batch must find exactly the
 * people and enrolments a query from scratch finds, and the plan setting must end with the batch.
 */
let t: TestDatabase;
/** One connection, so that what a batch leaves behind on it is what the next statement sees. */
let one: Connection;

interface Person {
  id: string;
  email: string;
  mboxSha1sum: string;
  organisationPath: string;
}
let people: Person[] = [];
let iris: string[] = [];

beforeAll(async () => {
  t = await freshDatabase();
  await seedScale(t.connection.db, { participants: 80 });
  one = t.url ? await connect({ databaseUrl: t.url, maxConnections: 1 }) : t.connection;
  people = (
    await one.executeSql(
      `select p.id, p.email, p.mbox_sha1sum as "mboxSha1sum", o.path as "organisationPath"
         from participants p join organisations o on o.id = p.organisation_id order by p.id`,
    )
  ).rows as unknown as Person[];
  iris = (await one.executeSql('select activity_iri from modules order by code')).rows.map((r) =>
    String(r.activity_iri),
  );
  expect(people.length).toBe(80);
});

afterAll(async () => {
  if (one !== t?.connection) await one?.close();
  await t?.drop();
});

/** A different mix of people each round: some by id, some by address (in any case), some by hash. */
function lookupFor(round: number) {
  const picked = people.filter((_, i) => (i * 7 + round) % 5 === 0);
  const by = (k: number) => picked.filter((_, i) => i % 3 === k);
  return {
    picked,
    lookup: {
      agentKeys: [`mbox:mailto:nobody${round}@example.org`],
      participantIds: by(0).map((p) => p.id),
      emails: by(1).map((p) => p.email.toLowerCase()),
      mboxSha1sums: by(2).map((p) => p.mboxSha1sum),
    },
  };
}

describe('the statements of an xAPI batch', () => {
  it('find the same people and enrolments as a query from scratch, batch after batch', async () => {
    for (let round = 0; round < 9; round++) {
      const { picked, lookup } = lookupFor(round);
      const ids = picked.map((p) => p.id);
      const expected = (
        await one.executeSql(
          `select e.id as "enrolmentId", m.activity_iri as "activityIri", mp.id as "progressId"
             from enrolments e
             join module_progress mp on mp.enrolment_id = e.id
             join modules m on m.id = mp.module_id
             join cohort_modules cm on cm.cohort_id = e.cohort_id and cm.module_id = m.id
            where e.participant_id = any($1::uuid[]) and m.activity_iri = any($2::text[])
            order by mp.id`,
          [ids, iris.slice(0, 3)],
        )
      ).rows;
      const found = await one.db.transaction(async (tx) => {
        await startStatementBatch(tx);
        return {
          people: await findParticipantsForAgents(tx, lookup),
          enrolments: await findModuleEnrolments(tx, ids, iris.slice(0, 3)),
        };
      });
      expect(found.people.links).toEqual([]);
      expect(found.people.people.map((p) => p.id).sort()).toEqual([...ids].sort());
      for (const person of found.people.people) {
        expect(person).toEqual({ ...people.find((p) => p.id === person.id), agentKey: null });
      }
      expect(
        found.enrolments
          .map(({ enrolmentId, activityIri, progressId }) => ({ enrolmentId, activityIri, progressId }))
          .sort((a, b) => (a.progressId < b.progressId ? -1 : 1)),
      ).toEqual(expected);
      expect(found.enrolments.every((e) => e.enrolmentCreatedAt instanceof Date)).toBe(true);
    }
    // The batch's plan setting ended with its transaction.
    expect((await one.executeSql('show plan_cache_mode')).rows[0]).toEqual({ plan_cache_mode: 'auto' });
    if (one.driver === 'postgres') {
      const { rows } = await one.executeSql(
        `select name, generic_plans::int as generic_plans from pg_prepared_statements where name like 'loket_xapi_%' order by name`,
      );
      expect(rows).toEqual([
        { name: 'loket_xapi_batch_start', generic_plans: 9 },
        { name: 'loket_xapi_module_enrolments', generic_plans: 9 },
        { name: 'loket_xapi_participants_for_agents', generic_plans: 9 },
      ]);
    }
  });
});
