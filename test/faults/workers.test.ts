import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiProcess,
  adminToken,
  call,
  createDatabase,
  type FaultDatabase,
  sleep,
  startApi,
  stopApi,
  tempDir,
} from './support';

const root = new URL('../..', import.meta.url).pathname;
const requestsPerMinute = 40;

interface FreshAnswer {
  status: number;
  requestId: string;
  body: string;
}

/** One request on a connection of its own, so that the cluster may hand it to either process. */
function fresh(base: string, path: string, options: { token?: string; json?: object } = {}): Promise<FreshAnswer> {
  const requestId = `workers-${Math.random().toString(36).slice(2)}`;
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        agent: false,
        method: options.json ? 'POST' : 'GET',
        headers: {
          'x-request-id': requestId,
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.json ? { 'content-type': 'application/json' } : {}),
        },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, requestId, body }));
      },
    );
    // A connection the cluster handed to a process that was just killed is lost: it must not hang the test.
    req.setTimeout(10_000, () => req.destroy(new Error('no answer in 10 s')));
    req.on('error', reject);
    req.end(options.json ? JSON.stringify(options.json) : undefined);
  });
}

const freshGet = (base: string, path: string, token?: string) => fresh(base, path, token ? { token } : {});

/** The process that logged each request id (the access log is at info level). */
function servedBy(output: string): Map<string, number> {
  const pids = new Map<string, number>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { reqId?: string; pid?: number };
    if (entry.reqId && entry.pid) pids.set(entry.reqId, entry.pid);
  }
  return pids;
}

function workerPids(api: ApiProcess): number[] {
  const listed = execFileSync('ps', ['-o', 'pid=', '--ppid', String(api.child.pid)], { encoding: 'utf8' });
  return listed
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);
}

describe('the compiled server with WORKERS=2 on PostgreSQL', () => {
  let database: FaultDatabase;
  let dataDir: Awaited<ReturnType<typeof tempDir>>;
  let api: ApiProcess;
  let receiver: Server;
  let receiverUrl: string;
  const received: string[] = [];

  beforeAll(async () => {
    execFileSync(process.execPath, ['api/build.mjs'], { cwd: root, stdio: 'ignore' });
    database = await createDatabase();
    dataDir = await tempDir();
    receiver = createServer((req, res) => {
      received.push(String(req.headers['webhook-id']));
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    const address = receiver.address();
    if (!address || typeof address === 'string') throw new Error('no receiver port');
    receiverUrl = `http://127.0.0.1:${address.port}/hook`;
    api = await startApi({
      compiled: true,
      databaseUrl: database.url,
      dataDir: dataDir.path,
      env: {
        WORKERS: '2',
        LOG_LEVEL: 'info',
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
        RATE_LIMIT_PER_MINUTE: String(requestsPerMinute),
      },
    });
    // Ready means the first worker listens; the second starts after it.
    const deadline = Date.now() + 60_000;
    while (workerPids(api).length < 2 || !api.output().includes('Loket: 2 API processes')) {
      if (Date.now() > deadline) throw new Error(`the second worker did not start:\n${api.output()}`);
      await sleep(200);
    }
  });

  afterAll(async () => {
    if (api) await stopApi(api);
    await new Promise((resolve) => receiver?.close(resolve));
    await database?.drop();
    await dataDir?.remove();
  });

  it('answers from both processes', async () => {
    const answers = [];
    for (let n = 0; n < 12; n++) answers.push(await freshGet(api.base, '/health/live'));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    await sleep(300);
    const pids = servedBy(api.output());
    const serving = new Set(answers.map((answer) => pids.get(answer.requestId)));
    expect(serving).toEqual(new Set(workerPids(api)));
    expect(serving.size).toBe(2);
  });

  it('counts the requests of both processes in one scrape of /metrics', async () => {
    const token = await adminToken(api.base);
    const served = async () => {
      const scrape = await freshGet(api.base, '/metrics', token);
      expect(scrape.status, scrape.body).toBe(200);
      const line = scrape.body
        .split('\n')
        .find((l) => l.startsWith('loket_http_requests_total{') && l.includes('route="/health/live"'));
      return Number(line?.split(' ').at(-1) ?? 0);
    };
    const before = await served();
    const answers = [];
    for (let n = 0; n < 20; n++) answers.push(await freshGet(api.base, '/health/live'));
    await sleep(300);
    // Both processes served some; each scrape, wherever it lands, counts all twenty.
    expect(new Set(answers.map((answer) => servedBy(api.output()).get(answer.requestId))).size).toBe(2);
    expect(await served()).toBe(before + 20);
    expect(await served()).toBe(before + 20);
  });

  it('delivers each outbox event once, though both processes dispatch', async () => {
    const token = await adminToken(api.base);
    const subscription = await call(api.base, 'POST', '/v1/webhook-subscriptions', {
      token,
      body: { url: receiverUrl, eventTypes: ['enrolment.created'] },
    });
    expect(subscription.status, JSON.stringify(subscription.body)).toBe(201);
    const cohorts = await call(api.base, 'GET', '/v1/cohorts?status=planned&limit=1', { token });
    const cohort = cohorts.body.data?.[0] as { id: string; organisationId: string } | undefined;
    if (!cohort) throw new Error(`no planned cohort: ${JSON.stringify(cohorts.body)}`);
    const participantIds: string[] = [];
    const events = 8;
    for (let n = 0; n < events; n++) {
      const created = await call(api.base, 'POST', '/v1/participants', {
        token,
        body: {
          organisationId: cohort.organisationId,
          givenName: 'Twee',
          familyName: `Processen ${n}`,
          email: `w${n}@workers.example`,
        },
      });
      expect(created.status).toBe(201);
      participantIds.push(created.body.id as string);
    }
    // One event per enrolment, committed together: both processes' dispatchers see them at once.
    const enrolled = await call(api.base, 'POST', `/v1/cohorts/${cohort.id}/enrolments`, {
      token,
      body: { participantIds },
    });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    const deadline = Date.now() + 60_000;
    while (new Set(received).size < events && Date.now() < deadline) await sleep(200);
    // Several dispatch intervals more: a second dispatch of the same event would arrive by now.
    await sleep(6000);
    expect(new Set(received).size).toBe(events);
    expect(received).toHaveLength(events);
  });

  it('shares one request limit between the processes (kept in PostgreSQL)', async () => {
    // A user of its own, so that the earlier requests do not count.
    const signIn = await call(api.base, 'POST', '/v1/auth/token', {
      body: { grant_type: 'password', username: 'coordinator@markiezaat.example', password: 'loket-demo' },
    });
    expect(signIn.status).toBe(200);
    const token = signIn.body.access_token as string;
    const answers = [];
    for (let n = 0; n < requestsPerMinute + 20; n++)
      answers.push(await freshGet(api.base, '/v1/organisations?limit=1', token));
    await sleep(300);
    const pids = servedBy(api.output());
    expect(new Set(answers.map((answer) => pids.get(answer.requestId))).size).toBe(2);
    // Each process counting alone would allow twice as many.
    const statuses: Record<number, number> = {};
    for (const answer of answers) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    expect(statuses).toEqual({ 200: requestsPerMinute, 429: 20 });
  });

  it('shares sign-in backoff between the processes (kept in PostgreSQL)', async () => {
    const attempt = () =>
      fresh(api.base, '/v1/auth/token', {
        json: { grant_type: 'password', username: 'facilitator@markiezaat.example', password: 'not-the-password' },
      });
    const failures = [];
    for (let n = 0; n < 5; n++) failures.push(await attempt());
    expect(failures.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 400]);
    // The sixth from this address waits, whichever process takes it: each alone would have seen fewer than five.
    const delayed = await attempt();
    expect(delayed.status).toBe(429);
    expect(JSON.parse(delayed.body).type).toBe('urn:problem:loket:sign-in-delayed');
    await sleep(300);
    const pids = servedBy(api.output());
    expect(new Set([...failures, delayed].map((answer) => pids.get(answer.requestId))).size).toBe(2);
  });

  it('replaces a worker that is killed, and keeps serving meanwhile', async () => {
    const [victim, survivor] = workerPids(api);
    if (!victim || !survivor) throw new Error('two workers expected');
    process.kill(victim, 'SIGKILL');
    const deadline = Date.now() + 60_000;
    let pids = workerPids(api);
    // Until the replacement runs, the survivor answers (a request on its way to the killed one may be lost).
    const meanwhile: Array<number | string> = [];
    while (!(pids.length === 2 && !pids.includes(victim))) {
      if (Date.now() > deadline) throw new Error(`no replacement:\n${api.output()}`);
      meanwhile.push(
        await freshGet(api.base, '/health/live').then(
          (answer) => answer.status,
          (error: Error) => error.message,
        ),
      );
      await sleep(200);
      pids = workerPids(api);
    }
    expect(meanwhile.filter((answer) => typeof answer === 'number' && answer !== 200)).toEqual([]);
    expect(meanwhile.filter((answer) => answer === 200).length).toBeGreaterThanOrEqual(meanwhile.length - 1);
    const replacement = pids.find((pid) => pid !== survivor);
    // The replacement serves once it listens (liveness: a process just started is busy, and says so at /health/ready).
    const served = new Set<number | undefined>();
    while (!served.has(replacement) && Date.now() < deadline) {
      const answer = await freshGet(api.base, '/health/live');
      expect(answer.status).toBe(200);
      await sleep(100);
      served.add(servedBy(api.output()).get(answer.requestId));
    }
    expect(served.has(replacement)).toBe(true);
    expect(api.output()).toContain(`API process ${victim} exited (SIGKILL); starting another`);
  });

  it('stops its workers when the supervisor is killed, leaving no process serving unsupervised', async () => {
    const workers = workerPids(api);
    expect(workers).toHaveLength(2);
    api.child.kill('SIGKILL');
    await api.exited;
    // A process that exited but was not yet reaped (a zombie) counts as gone.
    const alive = (pid: number) => {
      try {
        return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 30_000;
    while (workers.some(alive) && Date.now() < deadline) await sleep(200);
    expect(workers.filter(alive)).toEqual([]);
  });
});
