import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { buildWorld, eventually } from '../support/receiver';

/**
 * A slow transaction that commits after a quick one, as in the report: a write is held up (a second
 * connection holds a row it needs) after it has written its first rows, a quick write commits
 * meanwhile, and a client reads in between. Each reader then goes on from what that read told it,
 * and must still get the slow write.
 *
 * PostgreSQL only (vitest.config.ts leaves it out on PGlite): PGlite has one connection and runs
 * transactions one after another, so there a read can never fall between a slow write's start and
 * its commit.
 */
describe('a slow write that commits after a quick one', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof buildWorld>>;
  let blocker: pg.Client;
  let watcher: pg.Client;

  beforeAll(async () => {
    t = await startTestApp();
    world = await buildWorld(t);
    blocker = new pg.Client({ connectionString: t.database.url });
    watcher = new pg.Client({ connectionString: t.database.url });
    await blocker.connect();
    await watcher.connect();
  }, 120_000);

  afterAll(async () => {
    await blocker?.end();
    await watcher?.end();
    await t?.close();
  });

  /** Holds a row, so a transaction that needs it waits after writing its first rows. */
  async function hold(table: 'participants' | 'enrolments', id: string) {
    await blocker.query('begin');
    await blocker.query(`select 1 from ${table} where id = $1 for update`, [id]);
  }
  const release = () => blocker.query('rollback');

  /** Waits until a transaction of the app waits for the held row: the slow write is in flight. */
  async function waitUntilStuck() {
    for (let i = 0; i < 400; i++) {
      const { rows } = await watcher.query(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      );
      if ((rows[0] as { n: number }).n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the slow write never got stuck');
  }

  const people = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await world.participantIn(world.libraryA));
    return ids;
  };

  /** A bulk enrolment of 150, held up after inserting its rows (the last person is held). */
  async function slowBulkEnrolment() {
    const cohort = await world.cohortIn(world.libraryA, 'running');
    const everyone = await people(150);
    await hold('participants', everyone[everyone.length - 1] as string);
    const response = t.http().post(`/v1/cohorts/${cohort}/enrolments`).send({ participantIds: everyone }).then();
    await waitUntilStuck();
    return {
      async commit() {
        await release();
        const enrolled = await response;
        expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
        const ids = (enrolled.body.data as Array<{ id: string }>).map((e) => e.id);
        expect(ids).toHaveLength(150);
        return ids;
      },
    };
  }

  it('polling /v1/enrolments from page.syncWatermark returns all 150 of a bulk enrolment that committed late', async () => {
    const otherCohort = await world.cohortIn(world.libraryA, 'running');
    const quick = await world.enrol(otherCohort, await world.participantIn(world.libraryA));
    const first = await t.http().get('/v1/enrolments?limit=200&sort=updatedAt');
    expect(first.status).toBe(200);

    const slow = await slowBulkEnrolment();
    const patched = await t.http().patch(`/v1/enrolments/${quick}`).send({ status: 'withdrawn' });
    expect(patched.status).toBe(200);
    const during = await t
      .http()
      .get(`/v1/enrolments?limit=200&sort=updatedAt&updatedSince=${enc(first.body.page.syncWatermark)}`);
    expect(during.status).toBe(200);
    expect(ids(during.body)).toContain(quick);
    const created = await slow.commit();

    const after = await t
      .http()
      .get(`/v1/enrolments?limit=200&sort=updatedAt&updatedSince=${enc(during.body.page.syncWatermark)}`);
    expect(after.status).toBe(200);
    const seen = new Set(ids(after.body));
    expect(created.filter((id) => !seen.has(id))).toEqual([]);
  });

  it('reading /v1/events on from page.nextCursor returns the slow events before the quick one, none skipped', async () => {
    const drained = await readToEnd(undefined);
    const otherCohort = await world.cohortIn(world.libraryA);

    const slow = await slowBulkEnrolment();
    const quick = await t.http().patch(`/v1/cohorts/${otherCohort}`).send({ status: 'running' });
    expect(quick.status).toBe(200);
    const isQuick = (e: FeedEvent) => e.type === 'cohort.status_changed' && e.data.cohortId === otherCohort;
    // The quick change has committed, but the slow one could still add events before it: the feed waits.
    const during = await readToEnd(drained.cursor);
    expect(during.events.filter(isQuick)).toEqual([]);
    const created = await slow.commit();

    const after = await eventually(async () => {
      const read = await readToEnd(during.cursor);
      expect(read.events.some(isQuick)).toBe(true);
      return read;
    });
    const enrolled = after.events.filter((e) => e.type === 'enrolment.created').map((e) => e.data.enrolmentId);
    expect(new Set(enrolled)).toEqual(new Set(created));
    // In feed order the slow transaction's events come first: it began first.
    expect(after.events.findIndex(isQuick)).toBe(after.events.length - 1);
  });

  it('since=<X-Experience-API-Consistent-Through> returns a statement batch that was in flight', async () => {
    const cohort = await world.cohortIn(world.libraryA, 'running');
    const slowPerson = await world.participantIn(world.libraryA);
    const quickPerson = await world.participantIn(world.libraryA);
    const slowEnrolment = await world.enrol(cohort, slowPerson);
    await world.enrol(cohort, quickPerson);
    const xapi = (request: ReturnType<ReturnType<TestApp['http']>['get']>) =>
      request.set('x-experience-api-version', '1.0.3');

    await hold('enrolments', slowEnrolment);
    const slow = xapi(t.http().post('/v1/xapi/statements'))
      .send([statementAbout(slowPerson)])
      .then();
    await waitUntilStuck();
    const quick = await xapi(t.http().post('/v1/xapi/statements')).send([statementAbout(quickPerson)]);
    expect(quick.status, JSON.stringify(quick.body)).toBe(200);
    const during = await xapi(t.http().get('/v1/xapi/statements?ascending=true&limit=500'));
    expect(during.status).toBe(200);
    expect(during.body.statements.map((s: { id: string }) => s.id)).toContain(quick.body[0]);
    const consistentThrough = during.headers['x-experience-api-consistent-through'] as string;

    await release();
    const stored = await slow;
    expect(stored.status, JSON.stringify(stored.body)).toBe(200);
    const after = await xapi(t.http().get(`/v1/xapi/statements?ascending=true&since=${enc(consistentThrough)}`));
    expect(after.status).toBe(200);
    expect(after.body.statements.map((s: { id: string }) => s.id)).toContain(stored.body[0]);
  });

  type FeedEvent = { id: string; type: string; data: Record<string, string> };
  async function readToEnd(cursor: string | undefined) {
    const events: FeedEvent[] = [];
    let after = cursor;
    for (;;) {
      const page = await t.http().get(`/v1/events?limit=500${after ? `&after=${enc(after)}` : ''}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      events.push(...page.body.data);
      after = page.body.page.nextCursor as string;
      if (!page.body.page.more) return { events, cursor: after };
    }
  }
});

const enc = encodeURIComponent;
const ids = (body: { data: Array<{ id: string }> }) => body.data.map((e) => e.id);

function statementAbout(participantId: string) {
  return {
    actor: { objectType: 'Agent', account: { homePage: 'http://localhost:3000', name: participantId } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/progressed', display: { 'nl-NL': 'gevorderd' } },
    object: { objectType: 'Activity', id: 'https://loket.kb.example/xapi/lfb/modules/boekstart' },
  };
}
