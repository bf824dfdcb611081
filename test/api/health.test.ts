import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ content: false });
});

afterAll(async () => {
  await t.app.close();
});

describe('health', () => {
  it('is live and ready while the database answers, with a request id on every response', async () => {
    const live = await t.http().get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    expect(live.headers['x-request-id']).toBeTruthy();
    expect((await t.http().get('/health/ready')).status).toBe(200);
  });

  it('keeps a safe incoming request id and replaces an unsafe one', async () => {
    expect((await t.http().get('/health/live').set('x-request-id', 'abc-123')).headers['x-request-id']).toBe('abc-123');
    expect((await t.http().get('/health/live').set('x-request-id', 'a b\u00e9')).headers['x-request-id']).not.toBe(
      'a b\u00e9',
    );
  });

  it('answers unknown routes with a problem', async () => {
    expectProblem(await t.http().get('/v1/nothing-here'), 404, 'not-found');
  });

  it('is not ready, with a 503 problem, once the database is gone', async () => {
    // A token this process has not checked yet: checking it needs the database too.
    const unchecked = await t.tokenFor('admin', { organisationId: t.kb.id });
    await t.database.drop();
    const response = await t.http().get('/health/ready');
    expectProblem(response, 503, 'unavailable');
    expectProblem(await t.http(unchecked).get('/health/ready'), 503, 'unavailable');
    expectProblem(await t.http(unchecked).get('/v1/me'), 503, 'unavailable');
    expect(response.headers['retry-after']).toBe('5');
    // Live whatever the database does, even with a token the process cannot check now.
    expect((await t.http().get('/health/live')).status).toBe(200);
    expect((await t.http(unchecked).get('/health/live')).status).toBe(200);
  });
});
