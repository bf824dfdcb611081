import { certificates } from '@loket/db';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDutchDate } from '../../api/src/certificates/pdf/dutch';
import { createDocumentLoader, emailIdentityHash, verifyCredential } from '../../api/src/credentials/index';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { parsePdf } from '../support/pdf';
import { runningWithEveryoneThere } from '../support/records';

let t: TestApp;
const ids = {} as Record<'library' | 'otherLibrary' | 'cohort', string>;
const tokens = {} as Record<'coordinator' | 'otherCoordinator', string>;
let enrolmentIds: string[] = [];

async function post(url: string, body: object, token = t.adminToken) {
  const response = await t.http(token).post(url).send(body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

/** Completes everything the rule asks of an enrolment: both chosen modules (the meetings are recorded for all). */
async function complete(enrolmentId: string) {
  for (const code of ['boekstart', 'bibliotheek-op-school']) {
    await t.http().put(`/v1/enrolments/${enrolmentId}/progress/${code}`).send({ status: 'completed' }).expect(200);
  }
}

const certificateCount = async () => (await t.database.connection.db.select({ n: count() }).from(certificates))[0]?.n;

beforeAll(async () => {
  t = await startTestApp();
  const poi = (await post('/v1/organisations', { kind: 'poi', name: 'ProBiblio', parentId: t.kb.id })).id;
  ids.library = (await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Hilversum', parentId: poi })).id;
  ids.otherLibrary = (
    await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Haarlem', parentId: poi })
  ).id;
  tokens.coordinator = await t.tokenFor('coordinator', { organisationId: ids.library });
  tokens.otherCoordinator = await t.tokenFor('coordinator', { organisationId: ids.otherLibrary });
  ids.cohort = (
    await post('/v1/cohorts', {
      organisationId: ids.library,
      phase: 'pilot',
      startsOn: '2018-11-05',
      endsOn: '2019-02-05',
      moduleCodes: ['boekstart', 'bibliotheek-op-school'],
    })
  ).id;
  enrolmentIds = await runningWithEveryoneThere(t, ids.cohort, ids.library, 25, {
    nameInfix: 'de',
    familyName: 'Vries',
  });
  for (const id of enrolmentIds.slice(0, 24)) await complete(id);
});

afterAll(async () => {
  await t.close();
});

describe('POST /v1/certificates', () => {
  it('refuses an enrolment that is not complete, listing what is missing, and writes nothing', async () => {
    const before = await certificateCount();
    const response = await t.http(tokens.coordinator).post('/v1/certificates').send({ enrolmentId: enrolmentIds[24] });
    const problem = expectProblem(response, 409, 'not-eligible');
    expect(problem.errors?.map((e) => e.message)).toEqual([
      'Module boekstart: not_started',
      'Module bibliotheek-op-school: not_started',
    ]);
    expect(await certificateCount()).toBe(before);
  });

  it('issues a certificate with a yearly number, the programme, the modules and the meetings', async () => {
    const response = await t.http(tokens.coordinator).post('/v1/certificates').send({ enrolmentId: enrolmentIds[0] });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const year = new Date().getUTCFullYear();
    expect(response.body).toMatchObject({
      number: `LFB-${year}-000001`,
      participantName: 'Deelnemer0 de Vries',
      programme: { name: 'Leertraject Frontoffice en basisvaardigheden', version: 1 },
      libraryName: 'Bibliotheek Hilversum',
      issuers: ['Koninklijke Bibliotheek', 'Stichting Lezen', 'Stichting Lezen & Schrijven', 'Bibliotheek Hilversum'],
      status: 'valid',
    });
    expect(response.body.modules.map((m: { code: string }) => m.code)).toEqual(['boekstart', 'bibliotheek-op-school']);
    expect(response.body.meetings.map((m: { title: string }) => m.title)).toEqual([
      'Kick-off',
      'Teambijeenkomst 1',
      'Teambijeenkomst 2',
      'Slotbijeenkomst',
    ]);
    expect(response.body.verificationCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(response.body.verificationUrl).toBe(`http://localhost:3000/verify/${response.body.verificationCode}`);

    const again = await t.http(tokens.coordinator).post('/v1/certificates').send({ enrolmentId: enrolmentIds[0] });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(response.body.id);
  });

  it('makes exactly one certificate from 20 concurrent requests', async () => {
    const before = (await certificateCount()) ?? 0;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http(tokens.coordinator).post('/v1/certificates').send({ enrolmentId: enrolmentIds[1] }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 201 || s === 409)).toBe(true);
    expect(new Set(responses.filter((r) => r.status < 300).map((r) => r.body.id)).size).toBe(1);
    expect(await certificateCount()).toBe(before + 1);
  });

  it('numbers certificates without gaps, also when issued at the same moment', async () => {
    await Promise.all(
      enrolmentIds.slice(2, 12).map((enrolmentId) => t.http().post('/v1/certificates').send({ enrolmentId })),
    );
    const all = await t.http().get('/v1/certificates?limit=200&sort=number');
    const sequences = all.body.data.map((c: { number: string }) => Number(c.number.slice(-6)));
    expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => i + 1));
  });

  it('refuses a stranger\u2019s enrolment as if it did not exist', async () => {
    const response = await t
      .http(tokens.otherCoordinator)
      .post('/v1/certificates')
      .send({ enrolmentId: enrolmentIds[12] });
    expectProblem(response, 422);
    expect(JSON.stringify(response.body)).not.toMatch(/Hilversum|Deelnemer/);
    const facilitator = await t.tokenFor('facilitator', { organisationId: ids.library });
    expectProblem(await t.http(facilitator).post('/v1/certificates').send({ enrolmentId: enrolmentIds[12] }), 403);
  });
});

describe('verification', () => {
  let code = '';
  let id = '';
  beforeAll(async () => {
    const certificate = await post('/v1/certificates', { enrolmentId: enrolmentIds[13] });
    code = certificate.verificationCode;
    id = certificate.id;
  });

  it('tells anyone, without signing in, that the certificate is genuine, and nothing more', async () => {
    const response = await t.http(null).get(`/v1/verify/${code}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'valid',
      number: expect.stringMatching(/^LFB-\d{4}-\d{6}$/),
      participantName: 'Deelnemer13 Achternaam13',
      programme: 'Leertraject Frontoffice en basisvaardigheden',
      issuedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      issuers: expect.arrayContaining(['Koninklijke Bibliotheek']),
      revokedOn: null,
    });
    const text = JSON.stringify(response.body);
    expect(text).not.toMatch(/@/);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('accepts the code as a person types it', async () => {
    const typed = code.toLowerCase().replaceAll('-', ' ');
    expect((await t.http(null).get(`/v1/verify/${encodeURIComponent(typed)}`)).status).toBe(200);
  });

  it('answers 404 for a forged or truncated code', async () => {
    expectProblem(await t.http(null).get('/v1/verify/AAAAA-BBBBB-CCCCC'), 404, 'unknown-certificate');
    expectProblem(await t.http(null).get(`/v1/verify/${code.slice(0, 10)}`), 404, 'unknown-certificate');
  });

  it('shows a Dutch page that works without JavaScript', async () => {
    const page = await t.http(null).get(`/verify/${code}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Geldig');
    expect(page.text).toContain('Deelnemer13 Achternaam13');
    expect(page.text).not.toContain('<script');
    const unknown = await t.http(null).get('/verify/AAAAA-BBBBB-CCCCC');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Onbekend');
  });

  it('says revoked, with the date, once an admin revoked it with a reason', async () => {
    expectProblem(
      await t
        .http(tokens.coordinator)
        .post(`/v1/certificates/${id}/revoke`)
        .send({ reason: 'Fraude bij de inschrijving' }),
      403,
    );
    const revoked = await t.http().post(`/v1/certificates/${id}/revoke`).send({ reason: 'Fraude bij de inschrijving' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revocationReason: 'Fraude bij de inschrijving' });
    const check = await t.http(null).get(`/v1/verify/${code}`);
    expect(check.body).toMatchObject({ status: 'revoked', revokedOn: new Date().toISOString().slice(0, 10) });
    expect((await t.http(null).get(`/verify/${code}`)).text).toContain('Ingetrokken');
    expectProblem(await t.http().post(`/v1/certificates/${id}/revoke`).send({ reason: 'kort' }), 422);
  });

  it('withholds the name after the person\u2019s data was erased, and stays verifiable', async () => {
    const certificate = await post('/v1/certificates', { enrolmentId: enrolmentIds[14] });
    const enrolment = await t.http().get(`/v1/enrolments/${enrolmentIds[14]}`);
    await t.http().post(`/v1/participants/${enrolment.body.participantId}/erasure`).expect(200);
    const check = await t.http(null).get(`/v1/verify/${certificate.verificationCode}`);
    expect(check.body).toMatchObject({ status: 'valid', participantName: null });
    expect((await t.http(null).get(`/verify/${certificate.verificationCode}`)).text).toContain('Naam afgeschermd');
  });

  it('limits verification per IP address', async () => {
    const limited = await startTestApp({ content: false, verifyRateLimit: 2 });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await limited.http(null).get('/v1/verify/AAAAA-BBBBB-CCCCC')).status);
      expect(statuses).toEqual([404, 404, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('GET /v1/certificates', () => {
  it('shows a participant only their own certificate', async () => {
    const enrolment = await t.http().get(`/v1/enrolments/${enrolmentIds[2]}`);
    const token = await t.tokenFor('participant', { participantId: enrolment.body.participantId });
    const mine = await t.http(token).get('/v1/certificates');
    expect(mine.body.data).toHaveLength(1);
    expect(mine.body.data[0].enrolmentId).toBe(enrolmentIds[2]);
    expect((await t.http(tokens.otherCoordinator).get('/v1/certificates')).body.page.total).toBe(0);
  });

  it('filters by the library the cohort belongs to', async () => {
    const all = (await t.http().get('/v1/certificates')).body.page.total;
    expect(all).toBeGreaterThan(0);
    expect((await t.http().get(`/v1/certificates?libraryId=${ids.library}`)).body.page.total).toBe(all);
    expect((await t.http().get(`/v1/certificates?libraryId=${ids.otherLibrary}`)).body.page.total).toBe(0);
    expectProblem(await t.http().get('/v1/certificates?libraryId=hilversum'), 400);
  });
});

describe('the Open Badges 3.0 credential', () => {
  let certificate: { id: string; statusUrl: string };
  let credential: Record<string, unknown> & {
    credentialStatus: { statusListCredential: string };
    issuer: { id: string };
  };

  /** A verifier that knows only what Loket publishes: the issuer's DID document and the status list. */
  async function verifier() {
    const issuer = (await t.http(null).get('/.well-known/did.json').expect(200)).body;
    const statusPath = new URL(credential.credentialStatus.statusListCredential).pathname;
    const statusList = (await t.http(null).get(statusPath).expect(200)).body;
    return createDocumentLoader({
      [issuer.id]: issuer,
      [credential.credentialStatus.statusListCredential]: statusList,
    });
  }

  beforeAll(async () => {
    const issued = await post('/v1/certificates', { enrolmentId: enrolmentIds[15] });
    const response = await t.http(tokens.coordinator).get(`/v1/certificates/${issued.id}/credential`);
    expect(response.status).toBe(200);
    credential = response.body;
    certificate = { id: issued.id, statusUrl: credential.credentialStatus.statusListCredential };
  });

  it('is an OpenBadgeCredential of the issuer, naming the holder and a salted hash of their e-mail address', async () => {
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(credential.issuer.id).toBe('did:web:localhost%3A3000');
    const subject = credential.credentialSubject as {
      identifier: Array<{ identityHash: string; salt?: string; identityType: string }>;
    };
    const [email, name] = subject.identifier;
    expect(email?.identityHash).toBe(emailIdentityHash('deelnemer15@hilversum.example', email?.salt ?? ''));
    expect(name).toMatchObject({ identityType: 'name', identityHash: 'Deelnemer15 Achternaam15' });
    expect(JSON.stringify(credential)).not.toContain('deelnemer15@');
    expect((credential.proof as Array<{ cryptosuite: string }>)[0]?.cryptosuite).toBe('eddsa-rdfc-2022');
  });

  it('verifies offline with the published issuer key, and fails after changing one character', async () => {
    const documentLoader = await verifier();
    expect(await verifyCredential(credential, { documentLoader })).toMatchObject({ verified: true, revoked: false });
    const subject = structuredClone(credential.credentialSubject) as { achievement: { name: string } };
    subject.achievement.name = subject.achievement.name.replace('L', 'K');
    const tampered = { ...credential, credentialSubject: subject };
    expect((await verifyCredential(tampered, { documentLoader })).verified).toBe(false);
  });

  it('shows up as revoked in the signed status list once the certificate is revoked', async () => {
    await t
      .http()
      .post(`/v1/certificates/${certificate.id}/revoke`)
      .send({ reason: 'Ten onrechte uitgegeven' })
      .expect(200);
    const documentLoader = await verifier();
    expect(await verifyCredential(credential, { documentLoader })).toMatchObject({ verified: true, revoked: true });
    const statusList = (await t.http(null).get(new URL(certificate.statusUrl).pathname)).body;
    expect((await verifyCredential(statusList, { documentLoader, checkStatus: false })).verified).toBe(true);
  });

  it('is not served to someone outside the scope', async () => {
    expectProblem(await t.http(tokens.otherCoordinator).get(`/v1/certificates/${certificate.id}/credential`), 404);
    expectProblem(await t.http(null).get('/v1/status-lists/01936000-0000-7000-8000-000000000000'), 404);
  });
});

describe('GET /v1/certificates/:id/pdf', () => {
  it('renders the certificate with the name, number, verification URL and the attached credential, the same every time', async () => {
    const issued = await post('/v1/certificates', { enrolmentId: enrolmentIds[16] });
    const enrolment = await t.http().get(`/v1/enrolments/${enrolmentIds[16]}`);
    const token = await t.tokenFor('participant', { participantId: enrolment.body.participantId });
    const download = () =>
      t
        .http(token)
        .get(`/v1/certificates/${issued.id}/pdf`)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        });
    const first = await download();
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    const bytes = first.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(Buffer.compare(bytes, (await download()).body as Buffer)).toBe(0);

    const pdf = await parsePdf(bytes);
    expect(pdf.pageCount).toBe(1);
    expect(pdf.text).toContain('Deelnemer16 Achternaam16');
    expect(pdf.text).toContain(issued.number);
    expect(pdf.text).toContain(issued.verificationUrl);
    const [attachment] = Object.values(pdf.attachments);
    const credential = (await t.http(token).get(`/v1/certificates/${issued.id}/credential`)).body;
    expect(JSON.parse(Buffer.from(attachment?.content ?? []).toString('utf8'))).toEqual(credential);
    expectProblem(await t.http(tokens.otherCoordinator).get(`/v1/certificates/${issued.id}/pdf`), 404);
  });

  const pdfOf = async (id: string) => {
    const response = await t
      .http()
      .get(`/v1/certificates/${id}/pdf`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    return parsePdf(response.body as Buffer);
  };

  it('reads as a person would write it: module titles, the commissioners, no internal codes or version, tagged', async () => {
    const issued = await post('/v1/certificates', { enrolmentId: enrolmentIds[17] });
    const pdf = await pdfOf(issued.id);
    expect(pdf.text).toContain('met goed gevolg het Leertraject Frontoffice en basisvaardigheden heeft afgerond.');
    expect(pdf.text).toContain('BoekStart');
    expect(pdf.text).toContain('De Bibliotheek op school en voortgezet onderwijs');
    expect(pdf.text).toContain('Koninklijke Bibliotheek, Stichting Lezen en Stichting Lezen & Schrijven');
    expect(pdf.text).not.toContain('bibliotheek-op-school');
    expect(pdf.text).not.toMatch(/versie|leertraject Leertraject/i);
    expect(pdf.marked).toBe(true);
    expect(pdf.language).toBe('nl-NL');
  });

  it('marks a revoked certificate with its date, without the internal reason', async () => {
    const issued = await post('/v1/certificates', { enrolmentId: enrolmentIds[18] });
    await t
      .http()
      .post(`/v1/certificates/${issued.id}/revoke`)
      .send({ reason: 'Fraude bij de inschrijving' })
      .expect(200);
    const pdf = await pdfOf(issued.id);
    expect(pdf.text).toContain('INGETROKKEN');
    expect(pdf.text).toContain(`is op ${formatDutchDate(new Date().toISOString().slice(0, 10))} ingetrokken`);
    expect(pdf.text).not.toContain('Fraude');
  });
});
