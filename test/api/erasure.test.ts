import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { parsePdf } from '../support/pdf';
import { eventually, startReceiver } from '../support/receiver';
import { activityIris } from '../support/xapi';

/**
 * An erased person leaves nothing readable: someone with a full history is erased, and then every
 * table, every answer of the API and the log are searched for their names and email addresses.
 */
let t: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const logLines: string[] = [];
const password = 'een lange zin als wachtwoord';

/** Who is erased: first under an earlier name and address, then as they are now. */
const earlier = { givenName: 'Roos', familyName: 'Kwakkel', email: 'r.kwakkel@oud.example' };
const person = {
  givenName: 'Roosmarijn',
  nameInfix: 'van der',
  familyName: 'Kwakkelstein',
  email: 'roosmarijn.kwakkelstein@bieb.example',
  jobTitle: 'Baliemedewerker',
};
const fullName = 'Roosmarijn van der Kwakkelstein';
/** Matches every name and address the person ever had, in any case. */
const trace = /roos|kwakkel/i;
/** A colleague in the same cohort, who stays. */
const colleague = { givenName: 'Florentijn', familyName: 'Zwanenburg', email: 'florentijn@bieb.example' };
const colleagueTrace = /zwanenburg/i;

const ids = {} as Record<
  | 'library'
  | 'cohort'
  | 'laterCohort'
  | 'participant'
  | 'colleague'
  | 'enrolment'
  | 'laterEnrolment'
  | 'job'
  | 'certificate'
  | 'evaluation'
  | 'subscription',
  string
>;
let personToken = '';
let verificationCode = '';

async function post(url: string, body: object, options: { token?: string; key?: string } = {}) {
  const request = t.http(options.token).post(url);
  if (options.key) request.set('idempotency-key', options.key);
  const response = await request.send(body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

/** Every row of every table (Loket's, pg-boss's, the migrations'), as text, that matches. */
async function tablesWithTrace(pattern: RegExp): Promise<string[]> {
  const connection = t.database.connection;
  const { rows: tables } = await connection.executeSql(
    `select table_schema, table_name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
      order by 1, 2`,
  );
  expect(tables.length).toBeGreaterThan(25);
  const found: string[] = [];
  for (const { table_schema: schema, table_name: table } of tables) {
    const name = `"${String(schema)}"."${String(table)}"`;
    const { rows } = await connection.executeSql(`select count(*)::int as n from ${name} as r where r::text ~* $1`, [
      pattern.source,
    ]);
    if (Number(rows[0]?.n) > 0) found.push(`${String(schema)}.${String(table)}`);
  }
  return found;
}

const text = (response: { text?: string; body: unknown }) => response.text || JSON.stringify(response.body);

const csvOf = (url: string) =>
  t
    .http()
    .get(url)
    .buffer(true)
    .parse((response, done) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => done(null, body));
    });

/** Every page of a list, as one text. */
async function allPages(url: string): Promise<string> {
  const texts: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const response = await t
      .http()
      .get(`${url}${url.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    texts.push(JSON.stringify(response.body.data));
    cursor = response.body.page.nextCursor;
    if (!cursor) break;
  }
  return texts.join('\n');
}

const pdfOf = async (certificateId: string) => {
  const response = await t
    .http()
    .get(`/v1/certificates/${certificateId}/pdf`)
    .buffer(true)
    .parse((stream, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(response.status).toBe(200);
  return parsePdf(response.body as Buffer);
};

async function waitForJob(jobId: string) {
  return eventually(async () => {
    const job = await t.http().get(`/v1/jobs/${jobId}`);
    expect(job.body.status).toBe('completed');
    return job.body as { failed: number; failures: Array<{ item: string; reason: string }> };
  }, 60_000);
}

beforeAll(async () => {
  receiver = await startReceiver();
  t = await startTestApp({
    backgroundJobs: true,
    outbox: { dispatchIntervalMs: 200, retry: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 200 } },
    logStream: { write: (line) => void logLines.push(line) },
  });
  const poi = (await post('/v1/organisations', { kind: 'poi', name: 'Rijnbrink', parentId: t.kb.id })).id;
  ids.library = (await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Deventer', parentId: poi })).id;
  const subscription = await post('/v1/webhook-subscriptions', {
    url: receiver.url('/events'),
    eventTypes: [
      'enrolment.created',
      'enrolment.completed',
      'progress.updated',
      'certificate.issued',
      'certificate.revoked',
    ],
  });
  ids.subscription = subscription.id;
  receiver.trust('/events', subscription.secret);
  const cohortIn = async (status?: 'running') => {
    const cohort = await post('/v1/cohorts', {
      organisationId: ids.library,
      phase: 'rollout',
      startsOn: '2026-03-02',
      endsOn: '2026-06-01',
      moduleCodes: ['boekstart'],
    });
    if (status) await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status }).expect(200);
    return cohort.id as string;
  };
  ids.cohort = await cohortIn('running');
  ids.laterCohort = await cohortIn();

  // Created under an earlier name and address, with a retry-safe key; renamed later.
  const created = await post(
    '/v1/participants',
    { organisationId: ids.library, ...earlier, jobTitle: person.jobTitle },
    { key: 'create-person' },
  );
  ids.participant = created.id;
  await t.http().patch(`/v1/participants/${ids.participant}`).send(person).expect(200);
  ids.colleague = (
    await post('/v1/participants', { organisationId: ids.library, ...colleague }, { key: 'create-colleague' })
  ).id;

  // Enrolled with a colleague in one go, and alone in a later cohort with a key.
  const enrolled = await post(`/v1/cohorts/${ids.cohort}/enrolments`, {
    participantIds: [ids.participant, ids.colleague],
  });
  const enrolmentOf = (participantId: string) =>
    (enrolled.data as Array<{ id: string; participantId: string }>).find((e) => e.participantId === participantId)
      ?.id ?? '';
  ids.enrolment = enrolmentOf(ids.participant);
  ids.laterEnrolment = (
    await post(
      '/v1/enrolments',
      { cohortId: ids.laterCohort, participantId: ids.participant },
      { key: 'create-enrolment' },
    )
  ).id;

  // Their own login, made with a key; they sign in.
  await post(
    '/v1/users',
    { email: person.email, displayName: fullName, role: 'participant', participantId: ids.participant, password },
    { key: 'create-account' },
  );
  const signedIn = await t
    .http(null)
    .post('/v1/auth/token')
    .send({ grant_type: 'password', username: person.email, password });
  expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
  personToken = signedIn.body.access_token;

  // A certificate batch before anyone finished: a failure that names them.
  ids.job = (await post(`/v1/cohorts/${ids.cohort}/certificates`, {})).id;
  const failedJob = await waitForJob(ids.job);
  expect(failedJob.failures.map((f) => f.item)).toContain(fullName);

  // Their e-learning player reports progress; the statement names them.
  const iri = (await activityIris(t))('boekstart');
  await t
    .http(personToken)
    .post('/v1/xapi/statements')
    .set('x-experience-api-version', '1.0.3')
    .send({
      actor: { objectType: 'Agent', name: fullName, mbox: `mailto:${person.email}` },
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'nl-NL': 'afgerond' } },
      object: { objectType: 'Activity', id: iri },
    })
    .expect(200);
  // An LRS key of another platform reports about them too: under an account there (unlinked until an
  // admin links it), naming them as a colleague's instructor, keeping state and a profile about them.
  const key = await post('/v1/api-clients', { name: 'Leerplatform', scopes: ['write:progress'] });
  const lrs = (request: ReturnType<ReturnType<TestApp['http']>['post']>) =>
    request
      .set('authorization', `Basic ${Buffer.from(`${key.clientId}:${key.clientSecret}`).toString('base64')}`)
      .set('x-experience-api-version', '1.0.3');
  const elsewhere = {
    objectType: 'Agent',
    name: fullName,
    account: { homePage: 'https://lms.example', name: 'lms-4711' },
  };
  await lrs(t.http(null).post('/v1/xapi/statements'))
    .send([
      {
        actor: elsewhere,
        verb: { id: 'http://adlnet.gov/expapi/verbs/attended' },
        object: {
          objectType: 'Activity',
          id: 'https://lms.example/gesprekken/1',
          definition: { name: { 'nl-NL': `Gesprek met ${fullName}` } },
        },
      },
      {
        actor: { objectType: 'Agent', mbox: `mailto:${colleague.email}` },
        verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
        object: { objectType: 'Activity', id: iri },
        context: { instructor: { name: fullName, mbox: `mailto:${person.email}` } },
      },
    ])
    .expect(200);
  const agentParameter = encodeURIComponent(JSON.stringify({ mbox: `mailto:${person.email}` }));
  await lrs(
    t
      .http(null)
      .put(`/v1/xapi/activities/state?activityId=${encodeURIComponent(iri)}&agent=${agentParameter}&stateId=s`),
  )
    .send({ naam: fullName })
    .expect(204);
  await lrs(
    t
      .http(null)
      .put(`/v1/xapi/agents/profile?agent=${encodeURIComponent(JSON.stringify(elsewhere))}&profileId=voorkeuren`),
  )
    .set('if-none-match', '*')
    .send({ naam: fullName })
    .expect(204);
  const unlinked = await t.http().get('/v1/xapi-agents/unlinked');
  expect(JSON.stringify(unlinked.body)).toContain(fullName);
  await post('/v1/xapi-agents/links', { actor: elsewhere, participantId: ids.participant });
  const meetings = (await t.http().get(`/v1/sessions?cohortId=${ids.cohort}`)).body.data as Array<{ id: string }>;
  for (const meeting of meetings) {
    await t
      .http()
      .put(`/v1/sessions/${meeting.id}/attendance`)
      .send({ records: [{ enrolmentId: ids.enrolment, status: 'present' }] })
      .expect(200);
  }

  // They evaluate the cohort naming themselves; their colleague mentions them too.
  ids.evaluation = (
    await post(
      '/v1/evaluations',
      {
        enrolmentId: ids.enrolment,
        subjectType: 'cohort',
        subjectId: ids.cohort,
        rating: 4,
        comment: `Ik, ${fullName}, vond het nuttig.`,
      },
      { token: personToken, key: 'create-evaluation' },
    )
  ).id;
  const colleagueToken = await t.tokenFor('participant', { participantId: ids.colleague });
  await post(
    '/v1/evaluations',
    {
      enrolmentId: enrolmentOf(ids.colleague),
      subjectType: 'cohort',
      subjectId: ids.cohort,
      rating: 5,
      comment: `Samen met ${fullName} geoefend; Zwanenburg raadt het aan.`,
    },
    { token: colleagueToken },
  );

  // Their certificate, revoked with a reason that names them.
  const certificate = await post('/v1/certificates', { enrolmentId: ids.enrolment });
  ids.certificate = certificate.id;
  verificationCode = certificate.verificationCode;
  await post(`/v1/certificates/${ids.certificate}/revoke`, { reason: `Uitgereikt aan ${fullName} per vergissing` });

  // Staff look them up by name and address.
  await t
    .http()
    .get(`/v1/participants?q=${encodeURIComponent(person.familyName)}`)
    .expect(200);
  await t
    .http()
    .get(`/v1/xapi/statements?agent=${encodeURIComponent(JSON.stringify({ mbox: `mailto:${person.email}` }))}`)
    .set('x-experience-api-version', '1.0.3')
    .expect(200);

  // The outbox did its work: an invitation kept, every event delivered.
  await eventually(async () => {
    const kept = await t.http().get(`/v1/notifications?participantId=${ids.participant}`);
    expect(kept.body.data.length).toBeGreaterThan(0);
    const deliveries = await t.http().get(`/v1/webhook-subscriptions/${ids.subscription}/deliveries?limit=200`);
    const types = (deliveries.body.data as Array<{ eventType: string; status: string }>).map((d) => d.eventType);
    expect(types).toContain('certificate.revoked');
    expect((deliveries.body.data as Array<{ status: string }>).every((d) => d.status === 'delivered')).toBe(true);
  }, 60_000);
  expect(receiver.received.length).toBeGreaterThan(0);
  expect(receiver.unverified()).toEqual([]);

  // Before the erasure the search finds them all over: the search itself works.
  const before = await tablesWithTrace(trace);
  for (const table of [
    'public.participants',
    'public.users',
    'public.audit_events',
    'public.idempotency_keys',
    'public.jobs',
    'public.notifications',
    'public.xapi_statements',
    'public.xapi_documents',
    'public.xapi_activities',
    'public.certificates',
    'public.evaluations',
    'public.outbox_events',
  ]) {
    expect(before, table).toContain(table);
  }

  await t.http().get(`/v1/certificates/${ids.certificate}/credential`).expect(200);
  expect(Object.keys((await pdfOf(ids.certificate)).attachments)).toHaveLength(1);

  const erased = await t.http().post(`/v1/participants/${ids.participant}/erasure`);
  expect(erased.status, JSON.stringify(erased.body)).toBe(200);
}, 240_000);

afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

describe('POST /v1/participants/:id/erasure', () => {
  it('leaves no trace of the person in any table, and the colleague where they were', async () => {
    expect(await tablesWithTrace(trace)).toEqual([]);
    expect(await tablesWithTrace(colleagueTrace)).toEqual(
      expect.arrayContaining(['public.participants', 'public.audit_events', 'public.idempotency_keys']),
    );
  });

  it('shows them in no answer of the API', async () => {
    const answers = [
      await allPages('/v1/audit-events'),
      text(await t.http().get(`/v1/jobs/${ids.job}`)),
      await allPages('/v1/notifications'),
      await allPages('/v1/participants'),
      await allPages('/v1/enrolments'),
      await allPages('/v1/evaluations'),
      await allPages('/v1/certificates'),
      await allPages('/v1/users'),
      text(await t.http().get(`/v1/participants/${ids.participant}/export`)),
      text(await t.http().get(`/v1/certificates/${ids.certificate}`)),
      text(await t.http().get(`/v1/verify/${verificationCode}`)),
      text(await t.http().get(`/v1/reports/evaluations?cohortId=${ids.cohort}`)),
      text(await csvOf('/v1/exports/participants')),
      text(await csvOf(`/v1/exports/enrolments?cohortId=${ids.cohort}`)),
      text(await csvOf(`/v1/exports/attendance?cohortId=${ids.cohort}`)),
      text(await csvOf('/v1/exports/xapi-statements')),
    ];
    for (const answer of answers) expect(answer).not.toMatch(trace);
    expect(answers.join('\n')).toMatch(colleagueTrace);
  });

  it('replays their old Idempotency-Keys with the erased values, not the person', async () => {
    const replays = [
      await t
        .http()
        .post('/v1/participants')
        .set('idempotency-key', 'create-person')
        .send({ organisationId: ids.library, ...earlier, jobTitle: person.jobTitle }),
      await t.http().post('/v1/users').set('idempotency-key', 'create-account').send({
        email: person.email,
        displayName: fullName,
        role: 'participant',
        participantId: ids.participant,
        password,
      }),
      await t
        .http()
        .post('/v1/enrolments')
        .set('idempotency-key', 'create-enrolment')
        .send({ cohortId: ids.laterCohort, participantId: ids.participant }),
    ];
    for (const replay of replays) {
      expect(replay.status, JSON.stringify(replay.body)).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(JSON.stringify(replay.body)).not.toMatch(trace);
    }
    expect(replays[0]?.body).toMatchObject({ id: ids.participant, givenName: 'Verwijderd', jobTitle: null });
    expect(replays[0]?.body.email).toMatch(/@loket\.invalid$/);
    expect(replays[1]?.body).toMatchObject({ displayName: 'Verwijderd', participantId: ids.participant });
    expect(replays[2]?.body).toMatchObject({
      participantId: ids.participant,
      participant: { familyName: 'Verwijderd' },
    });
    // A colleague's stored answer is untouched.
    const colleagueReplay = await t
      .http()
      .post('/v1/participants')
      .set('idempotency-key', 'create-colleague')
      .send({ organisationId: ids.library, ...colleague });
    expect(colleagueReplay.body).toMatchObject(colleague);
  });

  it('keeps what happened, without who', async () => {
    const events = (await t.http().get(`/v1/audit-events?resourceId=${ids.participant}&limit=200`)).body.data as Array<{
      action: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }>;
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['participant.created', 'participant.updated', 'participant.erased']),
    );
    const updated = events.find((e) => e.action === 'participant.updated');
    expect(updated?.after).toMatchObject({ id: ids.participant, organisationId: ids.library, givenName: 'Verwijderd' });
    const evaluation = (await t.http().get(`/v1/audit-events?resourceId=${ids.evaluation}`)).body.data[0];
    expect(evaluation.after).toMatchObject({ rating: 4, comment: null });
    const job = (await t.http().get(`/v1/jobs/${ids.job}`)).body;
    expect(job.failed).toBe(2);
    expect(job.failures.map((f: { reason: string }) => f.reason).join()).toMatch(/boekstart/);
    const check = await t.http(null).get(`/v1/verify/${verificationCode}`);
    expect(check.body).toMatchObject({ status: 'revoked', participantName: null });
    const certificate = (await t.http().get(`/v1/certificates/${ids.certificate}`)).body;
    expect(certificate.revocationReason).toMatch(/^Uitgereikt aan .+ per vergissing$/);
  });

  it('drops Loket\u2019s copy of their signed credential; the PDF carries neither name nor credential', async () => {
    expectProblem(await t.http().get(`/v1/certificates/${ids.certificate}/credential`), 404, 'not-found');
    const pdf = await pdfOf(ids.certificate);
    expect(pdf.attachments ?? {}).toEqual({});
    expect(pdf.text).toContain('Naam afgeschermd');
    expect(pdf.text).not.toMatch(trace);
  });

  it('ends their access at once', async () => {
    expectProblem(await t.http(personToken).get('/v1/me'), 401, 'unauthorized');
  });

  it('never wrote their names, addresses or searches to the log', () => {
    const log = logLines.join('\n');
    expect(log).toMatch(/incoming request/);
    expect(log).not.toMatch(trace);
  });
});
