import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';

const metricsToken = 'scraper-token-0123456789abcdef';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ content: false, metricsToken });
});

afterAll(async () => {
  await t.close();
});

describe('/metrics', () => {
  it('serves Prometheus text with request counts by route template and status', async () => {
    const organisation = await t
      .http()
      .post('/v1/organisations')
      .send({ kind: 'poi', name: 'Cubiss', parentId: t.kb.id });
    expect(organisation.status).toBe(201);
    await t.http().get(`/v1/organisations/${organisation.body.id}`).expect(200);
    await t.http().get('/v1/organisations/00000000-0000-7000-8000-000000000000').expect(404);

    const response = await t.http(null).get('/metrics').set('authorization', `Bearer ${metricsToken}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = response.text;
    expect(text).toMatch(
      /^loket_http_requests_total\{method="GET",route="\/v1\/organisations\/:id",status="200"\} 1$/m,
    );
    expect(text).toMatch(
      /^loket_http_requests_total\{method="GET",route="\/v1\/organisations\/:id",status="404"\} 1$/m,
    );
    expect(text).toMatch(/^loket_http_requests_total\{method="POST",route="\/v1\/organisations",status="201"\} 1$/m);
    expect(text).toMatch(
      /^loket_http_request_duration_seconds_count\{method="GET",route="\/v1\/organisations\/:id",status="200"\} 1$/m,
    );
    // No record ids in label values: one series per route, not per record.
    expect(text).not.toContain(organisation.body.id);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    if (t.database.url) expect(text).toMatch(/^loket_db_pool_connections \d+$/m);
  });

  it('is for the scraper token and admins only', async () => {
    expectProblem(await t.http(null).get('/metrics'), 401, 'unauthorized');
    expectProblem(await t.http(null).get('/metrics').set('authorization', 'Bearer not-the-token'), 401, 'unauthorized');
    expect((await t.http().get('/metrics')).status).toBe(200);
    const organisation = await t
      .http()
      .post('/v1/organisations')
      .send({ kind: 'poi', name: 'ProBiblio', parentId: t.kb.id });
    for (const role of ['adviser', 'coordinator', 'facilitator'] as const) {
      const token = await t.tokenFor(role, { organisationId: organisation.body.id });
      expectProblem(await t.http(token).get('/metrics'), 403, 'forbidden');
    }
  });

  it('does not let the scraper token open anything else', async () => {
    const response = await t.http(null).get('/v1/organisations').set('authorization', `Bearer ${metricsToken}`);
    expectProblem(response, 401, 'unauthorized');
  });
});

describe('an overloaded process', () => {
  let busy: TestApp;

  beforeAll(async () => {
    // Any heap at all is over this limit: the process counts as overloaded from its first sample.
    busy = await startTestApp({
      content: false,
      pressureLimits: { maxEventLoopDelayMs: 0, maxHeapUsedBytes: 1, maxEventLoopUtilization: 0, sampleIntervalMs: 10 },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  afterAll(async () => {
    await busy.close();
  });

  it('answers 503 problems with Retry-After, and is not ready, but stays live and observable', async () => {
    const refused = await busy.http().get('/v1/organisations');
    expectProblem(refused, 503, 'overloaded');
    expect(refused.headers['retry-after']).toBe('5');
    expectProblem(await busy.http().get('/health/ready'), 503, 'overloaded');
    expect((await busy.http().get('/health/live')).status).toBe(200);
    const metrics = await busy.http().get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(
      /^loket_http_requests_total\{method="GET",route="\/v1\/organisations",status="503"\} 1$/m,
    );
  });
});
