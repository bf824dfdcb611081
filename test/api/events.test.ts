import { outboxEvents } from '@loket/db';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../api/src/jobs/outbox';
import { pruneExpired } from '../../api/src/jobs/retention';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { testMailing } from '../support/mailing';
import { buildWorld, eventually } from '../support/receiver';

/**
 * GET /v1/events as an integrator reads it: from the start, then on from the cursor it was given,
 * within its part of the country. (The race with a slow transaction is in sync-race.test.ts.)
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;

type FeedEvent = { id: string; type: string; occurredAt: string; data: Record<string, unknown> };
const enc = encodeURIComponent;

beforeAll(async () => {
  t = await startTestApp();
  world = await buildWorld(t);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

async function page(token: string | undefined, after: string | undefined, limit = 500) {
  const response = await t.http(token).get(`/v1/events?limit=${limit}${after ? `&after=${enc(after)}` : ''}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { data: FeedEvent[]; page: { limit: number; nextCursor: string; more: boolean } };
}

/** Reads on until the feed has nothing more right now. */
async function readToEnd(token: string | undefined, after: string | undefined, limit = 500) {
  const events: FeedEvent[] = [];
  let cursor = after;
  for (let guard = 0; guard < 100; guard++) {
    const read = await page(token, cursor, limit);
    events.push(...read.data);
    cursor = read.page.nextCursor;
    if (!read.page.more) return { events, cursor };
  }
  throw new Error('the feed never ended');
}

/** On PostgreSQL a transaction elsewhere on the server can hold the feed back for a moment. */
const soon = <T>(check: () => Promise<T>) => eventually(check, 10_000);

describe('GET /v1/events', () => {
  it('hands out committed events in the order they were written, shaped like webhook bodies', async () => {
    const start = await readToEnd(undefined, undefined);
    const cohortId = await world.cohortIn(world.libraryA, 'running');
    const participantId = await world.participantIn(world.libraryA);
    const enrolmentId = await world.enrol(cohortId, participantId);
    await t.http().put(`/v1/enrolments/${enrolmentId}/progress/boekstart`).send({ status: 'in_progress' }).expect(200);

    const read = await soon(async () => {
      const next = await readToEnd(undefined, start.cursor);
      expect(next.events).toHaveLength(3);
      return next;
    });
    expect(read.events.map((e) => e.type)).toEqual(['cohort.status_changed', 'enrolment.created', 'progress.updated']);
    expect(read.events[0]).toEqual({
      id: expect.any(String),
      type: 'cohort.status_changed',
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      data: { cohortId, organisationId: world.libraryA, from: 'planned', to: 'running' },
    });
    expect(read.events[1]?.data).toMatchObject({ enrolmentId, cohortId, participantId, status: 'invited' });
    expect(read.events[2]?.data).toMatchObject({ enrolmentId, moduleCode: 'boekstart', status: 'in_progress' });

    // Caught up: an empty page, and a cursor to go on from.
    const again = await page(undefined, read.cursor);
    expect(again.data).toEqual([]);
    expect(again.page.more).toBe(false);
    expect(again.page.nextCursor).toEqual(expect.any(String));
    // Reading from the beginning gives the same events in the same order.
    const whole = await readToEnd(undefined, undefined);
    expect(whole.events.slice(-3).map((e) => e.id)).toEqual(read.events.map((e) => e.id));
  });

  it('pages with limit, each event once, and more says whether to read on now', async () => {
    const start = await readToEnd(undefined, undefined);
    const cohorts: string[] = [];
    for (let i = 0; i < 5; i++) cohorts.push(await world.cohortIn(world.libraryA, 'running'));
    await soon(async () => expect((await readToEnd(undefined, start.cursor)).events).toHaveLength(5));

    const first = await page(undefined, start.cursor, 2);
    expect(first.data).toHaveLength(2);
    expect(first.page).toMatchObject({ limit: 2, more: true });
    const rest = await readToEnd(undefined, first.page.nextCursor, 2);
    const all = [...first.data, ...rest.events];
    expect(all.map((e) => e.data.cohortId)).toEqual(cohorts);
    expect(new Set(all.map((e) => e.id)).size).toBe(5);
  });

  it('gives an API client the events of its own organisation subtree only, as its webhooks would', async () => {
    const start = await readToEnd(undefined, undefined);
    const inA = await world.cohortIn(world.libraryA, 'running');
    const inB = await world.cohortIn(world.libraryB, 'running');
    const cohortsOf = (events: FeedEvent[]) => events.map((e) => e.data.cohortId);
    await soon(async () => expect(cohortsOf((await readToEnd(undefined, start.cursor)).events)).toEqual([inA, inB]));

    const clientA = await world.clientOf(world.poiA, ['read:events']);
    const webhookClientB = await world.clientOf(world.poiB, ['manage:webhooks']);
    const national = await t
      .http()
      .post('/v1/api-clients')
      .send({ name: 'BI landelijk', scopes: ['read:events'] });
    const nationalToken = (
      await t.http(null).post('/v1/auth/token').send({
        grant_type: 'client_credentials',
        client_id: national.body.clientId,
        client_secret: national.body.clientSecret,
      })
    ).body.access_token as string;

    const seenByA = cohortsOf((await readToEnd(clientA.token, undefined)).events);
    expect(seenByA).toContain(inA);
    expect(seenByA).not.toContain(inB);
    const seenByB = cohortsOf((await readToEnd(webhookClientB.token, undefined)).events);
    expect(seenByB).toContain(inB);
    expect(seenByB).not.toContain(inA);
    const seenNationally = cohortsOf((await readToEnd(nationalToken, undefined)).events);
    expect(seenNationally).toEqual(expect.arrayContaining([inA, inB]));
    // A cursor is a place in the one feed: it cannot widen a client's view.
    const fromA = await readToEnd(clientA.token, start.cursor);
    expect(cohortsOf(fromA.events)).toEqual([inA]);
  });

  it('is refused to callers without events:read', async () => {
    const reports = await world.clientOf(world.poiA, ['read:reports']);
    expectProblem(await t.http(reports.token).get('/v1/events'), 403);
    const adviser = await t.tokenFor('adviser', { organisationId: world.poiA });
    expectProblem(await t.http(adviser).get('/v1/events'), 403);
    const participant = await t.tokenFor('participant', { participantId: await world.participantIn(world.libraryA) });
    expectProblem(await t.http(participant).get('/v1/events'), 403);
    expectProblem(await t.http(null).get('/v1/events'), 401);
  });

  it('refuses a cursor it did not hand out and a limit out of range', async () => {
    for (const after of [
      'nonsense',
      Buffer.from('["1","x"]').toString('base64url'),
      Buffer.from('{}').toString('base64url'),
    ]) {
      expectProblem(await t.http().get(`/v1/events?after=${enc(after)}`), 400, 'invalid-cursor');
    }
    expectProblem(await t.http().get('/v1/events?limit=0'), 400);
    expectProblem(await t.http().get('/v1/events?limit=501'), 400);
  });

  it('answers 410 for a cursor from before pruned events, and serves cursors past them', async () => {
    const before = (await readToEnd(undefined, undefined)).cursor;
    const pruned = [await world.cohortIn(world.libraryA, 'running'), await world.cohortIn(world.libraryA, 'running')];
    const past = await soon(async () => {
      const read = await readToEnd(undefined, before);
      expect(read.events).toHaveLength(2);
      return read;
    });
    // The dispatcher hands them on; then they grow old.
    await dispatchOutbox(t.app.db, await testMailing());
    await t.app.db
      .update(outboxEvents)
      .set({ occurredAt: new Date(Date.now() - 40 * 86_400_000) })
      .where(
        inArray(
          outboxEvents.id,
          past.events.map((e) => e.id),
        ),
      );
    const removed = await pruneExpired(t.app.db, { eventDays: 30 });
    expect(removed.outboxEvents).toBe(2);

    const gone = expectProblem(await t.http().get(`/v1/events?after=${enc(before)}`), 410, 'cursor-expired');
    expect(gone.detail).toMatch(/30 days/);
    expect((await page(undefined, past.cursor)).data).toEqual([]);
    const fresh = await readToEnd(undefined, undefined);
    expect(fresh.events.map((e) => e.data.cohortId)).not.toContain(pruned[0]);
    expect(fresh.events.map((e) => e.data.cohortId)).not.toContain(pruned[1]);
  });
});
