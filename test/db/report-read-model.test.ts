import {
  attendanceReport,
  certificatesReport,
  eraseParticipant,
  everything,
  findOrganisation,
  type ProgressGrouping,
  progressReport,
  type ReportFilter,
  rolloutReport,
  type Scope,
  seedScale,
  updateOrganisation,
} from '@loket/db';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, migrationStatements, type TestDatabase } from '../support/database';
import * as fromScratch from '../support/reports-from-scratch';

/**
 * The report read model (summary rows kept by triggers) must give the same figures as counting the
 * source tables from scratch, after any sequence of the changes Loket makes: enrolments, progress,
 * attendance, certificates and their revocation, withdrawals, moves between cohorts, deletions,
 * erasure, cancelled meetings and libraries moving to another POI.
 */
let t: TestDatabase;
const sql = (text: string, values: unknown[] = []) => t.connection.executeSql(text, values);

/** The id of candidate `i` (modulo how many there are) of a query's ids, or undefined when none. */
async function pick(query: string, i: number, values: unknown[] = []) {
  const rows = (await sql(query, values)).rows as Array<{ id: string }>;
  return rows.length === 0 ? undefined : rows[i % rows.length]?.id;
}

const progressStatuses = ['not_started', 'in_progress', 'completed'] as const;
const enrolmentStatuses = ['invited', 'active', 'completed', 'withdrawn'] as const;
const attendanceStatuses = ['present', 'absent', 'excused'] as const;
let certificateSequence = 0;

const index = fc.nat({ max: 10_000 });
const change = fc.oneof(
  fc.record({ kind: fc.constant('enrol' as const), participant: index, cohort: index }),
  fc.record({ kind: fc.constant('progress' as const), row: index, status: fc.constantFrom(...progressStatuses) }),
  fc.record({ kind: fc.constant('dropProgress' as const), row: index }),
  fc.record({
    kind: fc.constant('enrolmentStatus' as const),
    row: index,
    status: fc.constantFrom(...enrolmentStatuses),
  }),
  fc.record({ kind: fc.constant('moveEnrolment' as const), row: index, cohort: index }),
  fc.record({ kind: fc.constant('deleteEnrolment' as const), row: index }),
  fc.record({
    kind: fc.constant('attend' as const),
    session: index,
    enrolment: index,
    status: fc.constantFrom(...attendanceStatuses),
  }),
  fc.record({ kind: fc.constant('unattend' as const), row: index }),
  fc.record({ kind: fc.constant('cancelSession' as const), row: index }),
  fc.record({ kind: fc.constant('certify' as const), row: index, daysAgo: fc.nat({ max: 900 }) }),
  fc.record({ kind: fc.constant('revoke' as const), row: index, revoked: fc.boolean() }),
  fc.record({ kind: fc.constant('erase' as const), row: index }),
  fc.record({ kind: fc.constant('moveLibrary' as const), library: index, poi: index }),
);
type Change = typeof change extends fc.Arbitrary<infer C> ? C : never;

async function apply(c: Change) {
  switch (c.kind) {
    case 'enrol': {
      const participant = await pick('select id from participants order by id', c.participant);
      const cohort = await pick('select id from cohorts order by id', c.cohort);
      if (!participant || !cohort) return;
      await sql(
        `with e as (insert into enrolments (id, cohort_id, participant_id, status) values (gen_random_uuid(), $1, $2, 'active')
           on conflict do nothing returning id, cohort_id)
         insert into module_progress (id, enrolment_id, module_id)
         select gen_random_uuid(), e.id, cm.module_id from e join cohort_modules cm on cm.cohort_id = e.cohort_id`,
        [cohort, participant],
      );
      return;
    }
    case 'progress': {
      const row = await pick('select id from module_progress order by id', c.row);
      if (row)
        await sql(
          `update module_progress set status = $2, completed_at = case when $2 = 'completed' then now() end where id = $1`,
          [row, c.status],
        );
      return;
    }
    case 'dropProgress': {
      const row = await pick('select id from module_progress order by id', c.row);
      if (row) await sql('delete from module_progress where id = $1', [row]);
      return;
    }
    case 'enrolmentStatus': {
      const row = await pick('select id from enrolments order by id', c.row);
      if (row) await sql('update enrolments set status = $2 where id = $1', [row, c.status]);
      return;
    }
    case 'moveEnrolment': {
      const row = await pick('select id from enrolments order by id', c.row);
      const cohort = await pick('select id from cohorts order by id', c.cohort);
      if (row && cohort)
        await sql(
          `update enrolments e set cohort_id = $2 where id = $1
             and not exists (select 1 from enrolments o where o.cohort_id = $2 and o.participant_id = e.participant_id)`,
          [row, cohort],
        );
      return;
    }
    case 'deleteEnrolment': {
      const row = await pick(
        'select e.id from enrolments e where not exists (select 1 from certificates c where c.enrolment_id = e.id) order by e.id',
        c.row,
      );
      if (row) await sql('delete from enrolments where id = $1', [row]);
      return;
    }
    case 'attend': {
      const session = await pick('select id from sessions order by id', c.session);
      const enrolment = await pick(
        'select e.id from enrolments e join sessions s on s.cohort_id = e.cohort_id where s.id = $1 order by e.id',
        c.enrolment,
        [session],
      );
      if (session && enrolment)
        await sql(
          `insert into attendance (session_id, enrolment_id, status) values ($1, $2, $3)
           on conflict (session_id, enrolment_id) do update set status = excluded.status, excuse_waived = false`,
          [session, enrolment, c.status],
        );
      return;
    }
    case 'unattend': {
      const row = await pick("select session_id || '/' || enrolment_id as id from attendance order by 1", c.row);
      if (row) {
        const [session, enrolment] = row.split('/');
        await sql('delete from attendance where session_id = $1 and enrolment_id = $2', [session, enrolment]);
      }
      return;
    }
    case 'cancelSession': {
      const row = await pick('select id from sessions order by id', c.row);
      if (row)
        await sql(
          "update sessions set status = case status when 'scheduled' then 'cancelled' else 'scheduled' end where id = $1",
          [row],
        );
      return;
    }
    case 'certify': {
      const row = await pick(
        'select e.id from enrolments e where not exists (select 1 from certificates c where c.enrolment_id = e.id) order by e.id',
        c.row,
      );
      if (!row) return;
      certificateSequence += 1;
      await sql(
        `insert into certificates (id, enrolment_id, number, year, sequence, verification_code, issued_at, snapshot)
         values (gen_random_uuid(), $1, $2, 2099, $3, $2, now() - make_interval(days => $4::int) - interval '7 hours', '{}')`,
        [row, `TEST-${certificateSequence}`, certificateSequence, c.daysAgo],
      );
      return;
    }
    case 'revoke': {
      const row = await pick('select id from certificates order by id', c.row);
      if (row)
        await sql(
          `update certificates set revoked_at = case when $2 then now() end,
             revocation_reason = case when $2 then 'test' end where id = $1`,
          [row, c.revoked],
        );
      return;
    }
    case 'erase': {
      const row = await pick('select id from participants where erased_at is null order by id', c.row);
      if (row) await t.connection.db.transaction((tx) => eraseParticipant(tx, row, new Date()));
      return;
    }
    case 'moveLibrary': {
      const library = await pick("select id from organisations where kind = 'library' order by id", c.library);
      const poi = await pick("select id from organisations where kind = 'poi' order by id", c.poi);
      if (!library || !poi) return;
      const db = t.connection.db;
      await db.transaction(async (tx) => {
        const current = await findOrganisation(tx, everything, library, true);
        const parent = await findOrganisation(tx, everything, poi);
        if (current && parent) await updateOrganisation(tx, current, {}, parent);
      });
      return;
    }
  }
}

const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
const groupings: ProgressGrouping[] = ['library', 'poi', 'module', 'phase', 'programmeVersion'];

/** Every report, in two scopes and with and without filters, from the read model and from scratch. */
async function expectSameFigures() {
  const poi = (await sql("select path, id from organisations where kind = 'poi' order by id limit 1")).rows[0] as {
    path: string;
    id: string;
  };
  const scopes: Scope[] = [everything, { kind: 'subtree', path: poi.path }];
  const filters: ReportFilter[] = [{}, { phase: 'rollout', from: '2019-06-01', to: '2027-12-31' }, { poiId: poi.id }];
  const db = t.connection.db;
  for (const scope of scopes) {
    for (const filter of filters) {
      for (const groupBy of groupings) {
        const label = `progress by ${groupBy}, ${JSON.stringify(scope)}, ${JSON.stringify(filter)}`;
        expect(sorted(await progressReport(db, scope, groupBy, filter)), label).toEqual(
          sorted(await fromScratch.progressReport(db, scope, groupBy, filter)),
        );
      }
      expect(sorted(await rolloutReport(db, scope, filter)), 'rollout').toEqual(
        sorted(await fromScratch.rolloutReport(db, scope, filter)),
      );
      expect(sorted(await attendanceReport(db, scope, filter)), 'attendance').toEqual(
        sorted(await fromScratch.attendanceReport(db, scope, filter)),
      );
      expect(sorted(await certificatesReport(db, scope, filter)), 'certificates').toEqual(
        sorted(await fromScratch.certificatesReport(db, scope, filter)),
      );
    }
  }
}

beforeAll(async () => {
  t = await freshDatabase();
  await seedScale(t.connection.db, { participants: 120 });
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

describe('report read model', () => {
  it('holds the figures of a seeded country, filled in as it was seeded', async () => {
    const rows = (await sql('select count(*)::int as n from report_cohort_module_progress')).rows[0] as { n: number };
    expect(rows.n).toBeGreaterThan(0);
    await expectSameFigures();
  }, 60_000);

  it('equals a from-scratch count after any sequence of changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 25 }), async (changes) => {
        for (const c of changes) await apply(c);
        await expectSameFigures();
      }),
      { numRuns: 12 },
    );
  }, 600_000);

  it('is filled in from existing rows when the migration runs', async () => {
    const fill = await migrationFill();
    expect(fill.length).toBe(5);
    await sql(
      'delete from report_cohort_figures; delete from report_cohort_module_progress; delete from report_enrolment_progress; delete from report_session_attendance; delete from report_cohort_certificates',
    );
    for (const statement of fill) await sql(statement);
    await expectSameFigures();
  }, 60_000);
});

/** The INSERT … SELECT statements at the end of the read model's migration. */
async function migrationFill() {
  return (await migrationStatements('_report_read_model.sql')).filter((s) => s.startsWith('INSERT INTO report_'));
}
