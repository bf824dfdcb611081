import { idempotencyKeys } from '@loket/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/receiver';

/** Idempotency-Keys are kept a day, as payment APIs keep them, and then forgotten. */
let t: TestApp;
/** With background work, as the server runs: retention every 200 ms. */
let background: TestApp;

const createPoi = (key: string, name = 'Cubiss', app = t) =>
  app.http().post('/v1/organisations').set('idempotency-key', key).send({ kind: 'poi', name, parentId: app.kb.id });

/** Makes a stored key as old as given, as if it had been used that long ago. */
async function age(key: string, hours: number, app = t) {
  await app.database.connection.db
    .update(idempotencyKeys)
    .set({ createdAt: sql`now() - (${hours}::int * interval '1 hour')` })
    .where(eq(idempotencyKeys.key, key));
}

const stored = async (key: string) =>
  (await background.database.connection.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key))).length;

beforeAll(async () => {
  t = await startTestApp({ content: false });
  background = await startTestApp({ content: false, backgroundJobs: true, retention: { intervalMs: 200 } });
}, 120_000);

afterAll(async () => {
  await t?.close();
  await background?.close();
});

describe('an Idempotency-Key', () => {
  it('replays the first answer for a retry within 24 hours', async () => {
    const first = await createPoi('binnen-een-dag');
    expect(first.status).toBe(201);
    await age('binnen-een-dag', 23);
    const retry = await createPoi('binnen-een-dag');
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
  });

  it('counts as new after 24 hours, even for another request', async () => {
    const first = await createPoi('na-een-dag');
    await age('na-een-dag', 25);
    const again = await createPoi('na-een-dag');
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body.id).not.toBe(first.body.id);
    await age('na-een-dag', 25);
    const other = await createPoi('na-een-dag', 'ProBiblio');
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    expect(other.body.name).toBe('ProBiblio');
    // And from then on it replays that new answer.
    expect((await createPoi('na-een-dag', 'ProBiblio')).body.id).toBe(other.body.id);
  });

  it('is deleted with its answer by the scheduled retention once it expired', async () => {
    await createPoi('verlopen', 'Cubiss', background).expect(201);
    await createPoi('vers', 'Cubiss', background).expect(201);
    await age('verlopen', 25, background);
    await eventually(async () => expect(await stored('verlopen')).toBe(0), 10_000);
    expect(await stored('vers')).toBe(1);
  });
});
