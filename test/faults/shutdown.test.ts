import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiProcess,
  adminToken,
  call,
  createDatabase,
  DatabaseProxy,
  type FaultDatabase,
  sleep,
  someLibrary,
  startApi,
  stopApi,
  tempDir,
} from './support';

let database: FaultDatabase;
let proxy: DatabaseProxy;
let dataDir: Awaited<ReturnType<typeof tempDir>>;
const started: ApiProcess[] = [];

beforeAll(async () => {
  database = await createDatabase();
  proxy = await DatabaseProxy.start(database.url);
  dataDir = await tempDir();
});

afterAll(async () => {
  for (const api of started) await stopApi(api);
  await proxy?.cut();
  await database?.drop();
  await dataDir?.remove();
});

/** Resolves with the error code of a fresh TCP connection attempt, or 'connected'. */
const tryConnect = (port: number) =>
  new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });

describe('SIGTERM', () => {
  it('lets slow requests in flight finish with 2xx, refuses new connections, and exits 0', async () => {
    const api = await startApi({ databaseUrl: proxy.urlFor(database.url), dataDir: dataDir.path });
    started.push(api);
    const token = await adminToken(api.base);
    const library = await someLibrary(api.base, token);
    // Every answer from the database now takes a while: requests stay in flight for seconds.
    proxy.delayMs = 300;
    const inFlight = [
      ...[1, 2].map((i) =>
        call(api.base, 'POST', '/v1/participants', {
          token,
          body: {
            organisationId: library,
            givenName: 'Laat',
            familyName: `Persoon ${i}`,
            email: `drain.${i}@faults.example`,
          },
        }),
      ),
      ...[1, 2].map(() => call(api.base, 'GET', '/v1/organisations?limit=5', { token })),
    ];
    await sleep(500);
    const signalledAt = Date.now();
    api.child.kill('SIGTERM');
    await sleep(300);
    expect(await tryConnect(api.port)).toBe('ECONNREFUSED');

    const answers = await Promise.all(inFlight);
    for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBeGreaterThanOrEqual(200);
    for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    // They were still running when the signal came.
    expect(Math.max(...answers.map((a) => a.ms))).toBeGreaterThan(800);
    proxy.delayMs = 0;
    const exit = await api.exited;
    expect(exit, api.output().slice(-2000)).toEqual({ code: 0, signal: null });
    // Within the usual grace period of an orchestrator before it sends SIGKILL.
    expect(Date.now() - signalledAt, api.output().slice(-3000)).toBeLessThan(30_000);

    const stored = await database.query<{ email: string }>(
      "select email from participants where email like 'drain.%@faults.example'",
    );
    expect(stored.map((row) => row.email).sort()).toEqual(['drain.1@faults.example', 'drain.2@faults.example']);
  });
});

describe('an overloaded API process', () => {
  it('answers 503 problems with Retry-After, fails readiness, and stays live and observable', async () => {
    const metricsToken = 'faults-metrics-token-0123456789';
    // Any heap is over one megabyte: overloaded from the first sample on.
    const api = await startApi({
      databaseUrl: database.url,
      dataDir: dataDir.path,
      readyPath: '/health/live',
      env: { MAX_HEAP_USED_MB: '1', PRESSURE_SAMPLE_INTERVAL_MS: '20', METRICS_TOKEN: metricsToken },
    });
    started.push(api);
    await sleep(200);
    for (const path of ['/v1/organisations', '/v1/modules', '/health/ready']) {
      const answer = await call(api.base, 'GET', path);
      expect(answer.status, path).toBe(503);
      expect(answer.type).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({
        status: 503,
        type: 'urn:problem:loket:overloaded',
        title: expect.any(String),
      });
      expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    const signIn = await call(api.base, 'POST', '/v1/auth/token', {
      body: { grant_type: 'password', username: 'admin@kb.example', password: 'loket-demo' },
    });
    expect(signIn.status).toBe(503);
    expect((await call(api.base, 'GET', '/health/live')).status).toBe(200);
    const metrics = await fetch(`${api.base}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(
      /^loket_http_requests_total\{method="GET",route="\/v1\/organisations",status="503"\} 1$/m,
    );
  });
});
