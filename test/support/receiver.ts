import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { expect } from 'vitest';
import type { TestApp } from './app';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /**
   * The secrets trusted for the path whose signature the delivery carries, checked with the
   * `standardwebhooks` package as it arrived (its timestamp is checked against that moment).
   */
  verifiedWith: string[];
}

/** Which of the secrets the `standardwebhooks` package accepts the delivery with. */
function verifiedWith(secrets: readonly string[], headers: IncomingHttpHeaders, body: string): string[] {
  const flat = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
  return secrets.filter((secret) => {
    try {
      new Webhook(secret).verify(body, flat);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * A local HTTP endpoint that records what it is sent, verifying each delivery with the secrets
 * trusted for its path; a path can be told to fail its first N requests.
 */
export async function startReceiver() {
  const received: Received[] = [];
  const failuresLeft = new Map<string, number>();
  const trusted = new Map<string, string[]>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const body = Buffer.concat(chunks).toString('utf8');
      const verified = verifiedWith(trusted.get(path) ?? [], request.headers, body);
      received.push({ path, headers: request.headers, body, verifiedWith: verified });
      const left = failuresLeft.get(path) ?? 0;
      if (left > 0) failuresLeft.set(path, left - 1);
      response.writeHead(left > 0 ? 503 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    at: (path: string) => received.filter((r) => r.path === path),
    failFirst(path: string, times: number) {
      failuresLeft.set(path, times);
    },
    /** Deliveries to the path from now on are verified with these secrets (as well as earlier ones). */
    trust(path: string, ...secrets: string[]) {
      trusted.set(path, [...(trusted.get(path) ?? []), ...secrets]);
    },
    /** Deliveries that no trusted secret verified: there should be none. */
    unverified: () => received.filter((delivery) => delivery.verifiedWith.length === 0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls until the check passes (it should throw or return false until then). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const result = await check();
      if (result !== false) return result;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function post(t: TestApp, url: string, body: object, token?: string) {
  const response = await t.http(token).post(url).send(body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

let people = 0;

/** Two provinces, each with a library; cohorts, enrolments and certificates in them. */
export async function buildWorld(t: TestApp) {
  const poiA = (await post(t, '/v1/organisations', { kind: 'poi', name: 'Cubiss', parentId: t.kb.id })).id as string;
  const libraryA = (
    await post(t, '/v1/organisations', { kind: 'library', name: 'Bibliotheek Helmond-Peel', parentId: poiA })
  ).id as string;
  const poiB = (await post(t, '/v1/organisations', { kind: 'poi', name: 'ProBiblio', parentId: t.kb.id })).id as string;
  const libraryB = (
    await post(t, '/v1/organisations', { kind: 'library', name: 'Bibliotheek Hilversum', parentId: poiB })
  ).id as string;

  const cohortIn = async (organisationId: string, status?: 'running') => {
    const cohort = await post(t, '/v1/cohorts', {
      organisationId,
      phase: 'rollout',
      startsOn: '2026-03-02',
      endsOn: '2026-06-01',
      moduleCodes: ['boekstart'],
    });
    if (status) await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status }).expect(200);
    return cohort.id as string;
  };
  const participantIn = async (organisationId: string) => {
    people += 1;
    return (
      await post(t, '/v1/participants', {
        organisationId,
        givenName: `Sanne${people}`,
        familyName: 'de Vries',
        email: `sanne${people}@bibliotheek.example`,
      })
    ).id as string;
  };
  const enrol = async (cohortId: string, participantId: string) =>
    (await post(t, '/v1/enrolments', { cohortId, participantId })).id as string;
  /** Someone in a running cohort of the library finishes everything and gets their certificate. */
  const certify = async (organisationId: string) => {
    const cohortId = await cohortIn(organisationId, 'running');
    const participantId = await participantIn(organisationId);
    const enrolmentId = await enrol(cohortId, participantId);
    await t.http().put(`/v1/enrolments/${enrolmentId}/progress/boekstart`).send({ status: 'completed' }).expect(200);
    const meetings = (await t.http().get(`/v1/sessions?cohortId=${cohortId}`)).body.data as Array<{ id: string }>;
    for (const meeting of meetings) {
      await t
        .http()
        .put(`/v1/sessions/${meeting.id}/attendance`)
        .send({ records: [{ enrolmentId, status: 'present' }] })
        .expect(200);
    }
    const certificate = await post(t, '/v1/certificates', { enrolmentId });
    return { cohortId, participantId, enrolmentId, certificateId: certificate.id as string };
  };
  /** An API client bound to an organisation, with a token. */
  const clientOf = async (organisationId: string, scopes: string[]) => {
    const client = await post(t, '/v1/api-clients', { name: `Koppeling ${organisationId}`, scopes, organisationId });
    const token = await t
      .http(null)
      .post('/v1/auth/token')
      .send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
    expect(token.status).toBe(200);
    return { id: client.id as string, token: token.body.access_token as string };
  };
  return { poiA, libraryA, poiB, libraryB, cohortIn, participantIn, enrol, certify, clientOf };
}
