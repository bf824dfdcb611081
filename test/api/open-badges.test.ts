import { readFile } from 'node:fs/promises';
import { certificates, loadContent, statusLists } from '@loket/db';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { eq } from 'drizzle-orm';
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportKeyPair, generateKeyPair, type KeyPairJson } from '../../api/src/credentials/index';
import { upgradeStoredCredentials } from '../../api/src/jobs/credential-upgrade';
import { createIssuer, issuerIdFor } from '../../api/src/lib/issuer';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { listenHttps } from '../support/https';
import { parsePdf } from '../support/pdf';
import { stockDocumentLoader, stockVerify } from '../support/stock-verifier';

type Credential = Record<string, unknown> & {
  id: string;
  issuer: { id: string; name: string; url: string; type: string[] };
  validFrom: string;
  proof: Array<{ verificationMethod: string; cryptosuite: string }>;
  credentialStatus: { statusListCredential: string; statusListIndex: string };
  credentialSubject: {
    identifier: Array<{ identityType: string; identityHash: string; hashed: boolean }>;
    achievement: { id: string; name: string; image: { id: string }; criteria: { narrative: string } };
    narrative: string;
  };
};

let t: TestApp;
let server: Awaited<ReturnType<typeof listenHttps>>;
let keyPair: KeyPairJson;
let loader: ReturnType<typeof stockDocumentLoader>;
const ids = {} as Record<'library' | 'cohort', string>;
let enrolmentIds: string[] = [];
const issued: Array<{ id: string; verificationCode: string }> = [];

const schema = JSON.parse(
  await readFile(new URL('../fixtures/vectors/ob3/schema/achievementcredential.json', import.meta.url), 'utf8'),
);
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);
const validateAchievementCredential = ajv.compile(schema);

async function post(url: string, body: object) {
  const response = await t.http().post(url).send(body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

/** Fetches a URL from the running server as any client on the network would, over HTTPS. */
async function fetchPublic(url: string, headers: Record<string, string> = {}) {
  const { request } = await import('undici');
  const { Agent } = await import('undici');
  const dispatcher = new Agent({ connect: { ca: server.agent.options.ca } });
  try {
    const response = await request(url, { headers, dispatcher });
    return {
      status: response.statusCode,
      headers: response.headers as Record<string, string | undefined>,
      text: await response.body.text(),
    };
  } finally {
    await dispatcher.close();
  }
}

const credentialOf = async (certificateId: string) =>
  (await t.http().get(`/v1/certificates/${certificateId}/credential`).expect(200)).body as Credential;

async function issue(enrolmentId: string) {
  const certificate = await post('/v1/certificates', { enrolmentId });
  issued.push(certificate);
  return certificate as { id: string; verificationCode: string; number: string };
}

beforeAll(async () => {
  server = await listenHttps();
  keyPair = exportKeyPair(await generateKeyPair(issuerIdFor(server.baseUrl)));
  t = await startTestApp({ publicUrl: server.baseUrl, issuerKey: keyPair });
  server.attach(t.app);
  loader = stockDocumentLoader(server.agent);
  const poi = (await post('/v1/organisations', { kind: 'poi', name: 'ProBiblio', parentId: t.kb.id })).id;
  ids.library = (await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Hilversum', parentId: poi })).id;
  ids.cohort = (
    await post('/v1/cohorts', {
      organisationId: ids.library,
      phase: 'pilot',
      startsOn: '2018-11-05',
      endsOn: '2019-02-05',
      moduleCodes: ['boekstart', 'bibliotheek-op-school'],
    })
  ).id;
  const people: string[] = [];
  for (let i = 0; i < 12; i++) {
    people.push(
      (
        await post('/v1/participants', {
          organisationId: ids.library,
          givenName: i === 0 ? 'Sanne' : `Deelnemer${i}`,
          nameInfix: i === 0 ? 'de' : null,
          familyName: i === 0 ? 'Vries' : `Achternaam${i}`,
          email: `deelnemer${i}@hilversum.example`,
        })
      ).id,
    );
  }
  await t.http().patch(`/v1/cohorts/${ids.cohort}`).send({ status: 'running' }).expect(200);
  const enrolled = await post(`/v1/cohorts/${ids.cohort}/enrolments`, { participantIds: people });
  const byParticipant = new Map(
    enrolled.data.map((e: { id: string; participantId: string }) => [e.participantId, e.id]),
  );
  enrolmentIds = people.map((p) => byParticipant.get(p) as string);
  const sessions = (await t.http().get(`/v1/sessions?cohortId=${ids.cohort}`)).body.data as Array<{ id: string }>;
  for (const session of sessions) {
    await t
      .http()
      .put(`/v1/sessions/${session.id}/attendance`)
      .send({ records: enrolmentIds.map((enrolmentId) => ({ enrolmentId, status: 'present' })) })
      .expect(200);
  }
  for (const enrolmentId of enrolmentIds) {
    for (const code of ['boekstart', 'bibliotheek-op-school']) {
      await t.http().put(`/v1/enrolments/${enrolmentId}/progress/${code}`).send({ status: 'completed' }).expect(200);
    }
  }
}, 120_000);

afterAll(async () => {
  await t?.close();
  await server?.close();
});

describe('an issued credential', () => {
  let certificate: { id: string; number: string };
  let credential: Credential;

  beforeAll(async () => {
    certificate = await issue(enrolmentIds[0] as string);
    credential = await credentialOf(certificate.id);
  });

  it('validates against 1EdTech\u2019s Open Badges 3.0 AchievementCredential schema, proof as a list', () => {
    const valid = validateAchievementCredential(credential);
    expect(validateAchievementCredential.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(Array.isArray(credential.proof)).toBe(true);
    expect(credential.proof).toHaveLength(1);
    // The schema checks what it checks: a proof object instead of a list is refused.
    expect(validateAchievementCredential({ ...credential, proof: credential.proof[0] })).toBe(false);
  });

  it('is issued by the did:web DID of PUBLIC_URL, its port percent-encoded, and named after the commissioners', async () => {
    const port = new URL(server.baseUrl).port;
    expect(credential.issuer.id).toBe(`did:web:localhost%3A${port}`);
    expect(credential.proof[0]?.verificationMethod).toBe(`did:web:localhost%3A${port}#key-1`);
    const { commissioners } = await loadContent();
    expect(commissioners).toEqual(['Koninklijke Bibliotheek', 'Stichting Lezen', 'Stichting Lezen & Schrijven']);
    expect(credential.issuer.name).toBe('Koninklijke Bibliotheek, Stichting Lezen en Stichting Lezen & Schrijven');
    // The PDF names them the same way.
    const pdf = await t
      .http()
      .get(`/v1/certificates/${certificate.id}/pdf`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect((await parsePdf(pdf.body as Buffer)).text).toContain(credential.issuer.name);
  });

  it('names the holder (identityType name) beside the hashed e-mail address, and what they did', () => {
    expect(credential.credentialSubject.identifier).toEqual([
      expect.objectContaining({ identityType: 'emailAddress', hashed: true }),
      { type: 'IdentityObject', identityType: 'name', identityHash: 'Sanne de Vries', hashed: false },
    ]);
    expect(JSON.stringify(credential)).not.toContain('deelnemer0@');
    expect(credential.credentialSubject.narrative).toMatch(
      /^Afgeronde modules: BoekStart en De Bibliotheek op school en voortgezet onderwijs\.\n\nBijgewoonde bijeenkomsten: Kick-off \(\d{1,2} [a-z]+ \d{4}\), Teambijeenkomst 1 \(.+\) en Teambijeenkomst 2 \(.+\)\.$/,
    );
  });

  it('verifies with stock @digitalbazaar/vc, which fetches the DID document and status list from the server', async () => {
    const result = await stockVerify(credential, loader);
    expect(result.verified, JSON.stringify(result.error ?? result)).toBe(true);
    expect(result.statusResult?.results?.[0]).toMatchObject({ status: false });
    const subject = structuredClone(credential.credentialSubject);
    subject.identifier[1] = { ...(subject.identifier[1] as Credential['credentialSubject']['identifier'][0]) };
    (subject.identifier[1] as { identityHash: string }).identityHash = 'Sanne de Vries-Jansen';
    expect((await stockVerify({ ...credential, credentialSubject: subject }, loader)).verified).toBe(false);
  });
});
