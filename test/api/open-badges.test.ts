import { readFile } from 'node:fs/promises';
import { allocateStatusIndex, certificates, loadContent, statusLists } from '@loket/db';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { desc, eq } from 'drizzle-orm';
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportKeyPair, generateKeyPair, type KeyPairJson } from '../../api/src/credentials/index';
import { upgradeStoredCredentials } from '../../api/src/jobs/credential-upgrade';
import { createIssuer, issuerIdFor } from '../../api/src/lib/issuer';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { listenHttps } from '../support/https';
import { parsePdf } from '../support/pdf';
import { runningWithEveryoneThere } from '../support/records';
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
const fetchPublic = (url: string, headers: Record<string, string> = {}) => server.fetch(url, headers);

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
  enrolmentIds = await runningWithEveryoneThere(t, ids.cohort, ids.library, 12, {
    givenName: 'Sanne',
    nameInfix: 'de',
    familyName: 'Vries',
  });
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
      /^Afgeronde modules: BoekStart en De Bibliotheek op school en voortgezet onderwijs\.\n\nBijgewoonde bijeenkomsten: Kick-off \(\d{1,2} [a-z]+ \d{4}\), Teambijeenkomst 1 \(.+\), Teambijeenkomst 2 \(.+\) en Slotbijeenkomst \(.+\)\.$/,
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

describe('revocation, read from the status list by the stock verifier', () => {
  it('shows once the certificate is revoked, and the list is signed once per change', async () => {
    const certificate = await issue(enrolmentIds[1] as string);
    const credential = await credentialOf(certificate.id);
    const listUrl = credential.credentialStatus.statusListCredential;
    const first = await fetchPublic(listUrl);
    const again = await fetchPublic(listUrl);
    expect(first.status).toBe(200);
    // Stored as signed: reading it twice gives the same bytes, the same proof, the same ETag.
    expect(again.text).toBe(first.text);
    expect(again.headers.etag).toBe(first.headers.etag);
    const list = JSON.parse(first.text);
    expect(list).toMatchObject({
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: credential.issuer.id,
      credentialSubject: { statusPurpose: 'revocation', ttl: 300_000 },
    });
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    expect((await fetchPublic(listUrl, { 'if-none-match': first.headers.etag ?? '' })).status).toBe(304);

    await t.http().post(`/v1/certificates/${certificate.id}/revoke`).send({ reason: 'Per vergissing' }).expect(200);
    const revoked = await stockVerify(credential, loader);
    expect(revoked.verified, JSON.stringify(revoked.error ?? revoked)).toBe(true);
    expect(revoked.statusResult?.results?.[0]).toMatchObject({ status: true });
    const changed = await fetchPublic(listUrl, { 'if-none-match': first.headers.etag ?? '' });
    expect(changed.status).toBe(200);
    expect(JSON.parse(changed.text).proof).not.toEqual(list.proof);
    // The other certificates in the list still verify as not revoked.
    const other = await credentialOf((issued[0] as { id: string }).id);
    expect((await stockVerify(other, loader)).statusResult?.results?.[0]).toMatchObject({ status: false });
  });

  it('hands out indexes at random places in the list, never one twice', async () => {
    for (const enrolmentId of enrolmentIds.slice(2, 10)) await issue(enrolmentId);
    const rows = await t.database.connection.db
      .select({ list: certificates.statusListId, index: certificates.statusListIndex })
      .from(certificates);
    const indexes = rows.map((r) => r.index as number);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(new Set(rows.map((r) => `${r.list}:${r.index}`)).size).toBe(rows.length);
    for (const index of indexes) expect(index).toBeGreaterThanOrEqual(0);
    for (const index of indexes) expect(index).toBeLessThan(131_072);
    // In order of issue they would be 0, 1, 2, …: spread over the list, they are far apart.
    expect(Math.max(...indexes)).toBeGreaterThan(1000);
    expect(indexes.filter((index) => index < rows.length).length).toBeLessThan(2);
  });

  it('starts a new list once a list is half full', async () => {
    const [list] = await t.database.connection.db.select().from(statusLists);
    if (!list) throw new Error('no status list');
    await t.database.connection.db
      .update(statusLists)
      .set({ allocated: list.size / 2 })
      .where(eq(statusLists.id, list.id));
    const certificate = await issue(enrolmentIds[10] as string);
    const [row] = await t.database.connection.db
      .select({ list: certificates.statusListId })
      .from(certificates)
      .where(eq(certificates.id, certificate.id));
    expect(row?.list).not.toBe(list.id);
    const credential = await credentialOf(certificate.id);
    expect((await stockVerify(credential, loader)).verified).toBe(true);
  });

  it('tries other places while the random one is taken', async () => {
    const db = t.database.connection.db;
    const [newest] = await db.select().from(statusLists).orderBy(desc(statusLists.createdAt)).limit(1);
    if (!newest) throw new Error('no status list');
    const [taken] = await db
      .select({ index: certificates.statusListIndex })
      .from(certificates)
      .where(eq(certificates.statusListId, newest.id));
    if (taken?.index == null) throw new Error('nothing issued in the newest list');
    const picks = [taken.index, taken.index, taken.index + 1];
    const allocation = await allocateStatusIndex(db, {
      size: newest.size,
      randomIndex: (size) => {
        expect(size).toBe(newest.size);
        return picks.shift() ?? 0;
      },
    });
    expect(allocation).toEqual({ statusListId: newest.id, index: taken.index + 1 });
    expect(picks).toEqual([]);
  });
});

describe('the documents a credential links to', () => {
  let credential: Credential;

  beforeAll(async () => {
    credential = await credentialOf((issued[0] as { id: string }).id);
  });

  const expandable = async (document: object) => {
    const expanded = await jsonld.expand(document, { documentLoader: loader, safe: true });
    expect(expanded.length).toBeGreaterThan(0);
  };

  it('resolve the DID and its key with the stock did:web resolver; the DID document is a DID document', async () => {
    const did = await fetchPublic(`${server.baseUrl}/.well-known/did.json`);
    expect(did.status).toBe(200);
    expect(did.headers['content-type']).toMatch(/^application\/did\+ld\+json/);
    const document = JSON.parse(did.text);
    expect(document).toMatchObject({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: credential.issuer.id,
      assertionMethod: [`${credential.issuer.id}#key-1`],
    });
    expect(document.verificationMethod).toEqual([
      {
        id: `${credential.issuer.id}#key-1`,
        type: 'Multikey',
        controller: credential.issuer.id,
        publicKeyMultibase: keyPair.publicKeyMultibase,
      },
    ]);
    expect(did.text).not.toContain('secret');
    const key = (await loader(`${credential.issuer.id}#key-1`)).document;
    expect(key).toMatchObject({ type: 'Multikey', publicKeyMultibase: keyPair.publicKeyMultibase });
  });

  it('issuer.url is the issuer\u2019s Open Badges profile, in JSON-LD without DID contexts', async () => {
    const profile = await fetchPublic(credential.issuer.url);
    expect(profile.status).toBe(200);
    expect(profile.headers['content-type']).toMatch(/^application\/ld\+json/);
    const document = JSON.parse(profile.text);
    expect(document).toMatchObject({
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      id: credential.issuer.id,
      type: ['Profile'],
      name: credential.issuer.name,
      url: credential.issuer.url,
    });
    expect(profile.text).not.toContain('https://www.w3.org/ns/did/v1');
    await expandable(document);
  });

  it('achievement.id is the achievement with its criteria, description and a badge image Loket draws', async () => {
    const { achievement } = credential.credentialSubject;
    const response = await fetchPublic(achievement.id);
    expect(response.status).toBe(200);
    const document = JSON.parse(response.text);
    const { '@context': context, ...rest } = document;
    expect(context).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(rest).toEqual(achievement);
    expect(document).toMatchObject({
      type: ['Achievement'],
      name: 'Leertraject Frontoffice en basisvaardigheden',
      description: expect.stringContaining('e-learningmodules'),
      criteria: {
        narrative: expect.stringContaining('aanwezig was bij de kick-off en bij alle drie teambijeenkomsten'),
      },
    });
    expect(document.criteria.narrative).toContain('BoekStart');
    await expandable(document);
    const image = await fetchPublic(achievement.image.id);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(image.text).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(image.text).toContain('<title>Embleem van het Leertraject Frontoffice en basisvaardigheden</title>');
    expectProblem(await t.http(null).get('/v1/achievements/01936000-0000-7000-8000-000000000000'), 404);
    expectProblem(await t.http(null).get('/v1/achievements/01936000-0000-7000-8000-000000000000/image.svg'), 404);
    expectProblem(await t.http(null).get('/v1/achievements/lfb-v1'), 400);
  });

  it('answer any origin, with ETag and Cache-Control, and 304 when unchanged', async () => {
    const [certificate] = issued;
    const documents = [
      `${server.baseUrl}/.well-known/did.json`,
      credential.issuer.url,
      credential.credentialSubject.achievement.id,
      credential.credentialSubject.achievement.image.id,
      credential.credentialStatus.statusListCredential,
      `${server.baseUrl}/v1/verify/${certificate?.verificationCode}`,
    ];
    for (const url of documents) {
      const response = await fetchPublic(url, { origin: 'https://wallet.example' });
      expect(response.status, url).toBe(200);
      expect(response.headers['access-control-allow-origin'], url).toBe('*');
      expect(response.headers['cross-origin-resource-policy'], url).toBe('cross-origin');
      expect(response.headers.etag, url).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(response.headers['cache-control'], url).toMatch(/^public, max-age=\d+$/);
      const unchanged = await fetchPublic(url, {
        origin: 'https://wallet.example',
        'if-none-match': response.headers.etag ?? '',
      });
      expect(unchanged.status, url).toBe(304);
      expect(unchanged.text, url).toBe('');
    }
    // Only those: what needs a token is not opened to other origins.
    const privateRoute = await t.http().get('/v1/certificates').set('origin', 'https://wallet.example');
    expect(privateRoute.status).toBe(200);
    expect(privateRoute.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('after the holder\u2019s data is erased', () => {
  it('the holder\u2019s copy still verifies; Loket keeps no copy of its own', async () => {
    const certificate = await issue(enrolmentIds[11] as string);
    const holdersCopy = await credentialOf(certificate.id);
    const enrolment = await t.http().get(`/v1/enrolments/${enrolmentIds[11]}`);
    await t.http().post(`/v1/participants/${enrolment.body.participantId}/erasure`).expect(200);
    expectProblem(await t.http().get(`/v1/certificates/${certificate.id}/credential`), 404);
    const [row] = await t.database.connection.db.select().from(certificates).where(eq(certificates.id, certificate.id));
    expect(row?.credential).toBeNull();
    const result = await stockVerify(holdersCopy, loader);
    expect(result.verified, JSON.stringify(result.error ?? result)).toBe(true);
    expect(result.statusResult?.results?.[0]).toMatchObject({ status: false });
  });
});

describe('credentials stored before did:web', () => {
  it('are signed again by the current issuer, keeping their id, date, holder hash and status entry', async () => {
    const [certificate] = issued;
    if (!certificate) throw new Error('nothing issued');
    const current = await credentialOf(certificate.id);
    // As the earlier version stored it: the issuer a URL, one proof object, no name.
    const legacyIssuer = `${server.baseUrl}/v1/issuer`;
    const legacy = {
      ...current,
      issuer: { id: legacyIssuer, type: ['Profile'], name: 'Koninklijke Bibliotheek', url: server.baseUrl },
      credentialSubject: {
        ...current.credentialSubject,
        identifier: current.credentialSubject.identifier.filter((i) => i.identityType === 'emailAddress'),
        achievement: { ...current.credentialSubject.achievement, id: `${server.baseUrl}/achievements/lfb-v1` },
      },
      proof: { ...current.proof[0], verificationMethod: `${legacyIssuer}#key-1` },
    };
    const db = t.database.connection.db;
    await db.update(certificates).set({ credential: legacy }).where(eq(certificates.id, certificate.id));
    const [row] = await db.select().from(certificates).where(eq(certificates.id, certificate.id));
    if (!row?.statusListId) throw new Error('no status list');
    await db
      .update(statusLists)
      .set({ credential: { issuer: legacyIssuer } })
      .where(eq(statusLists.id, row.statusListId));

    // The same key, as the server has it, and the commissioners from content/.
    const issuer = await createIssuer(server.baseUrl, (await loadContent()).commissioners, keyPair);
    expect(await upgradeStoredCredentials(db, { publicUrl: server.baseUrl, issuer })).toBe(1);
    expect(await upgradeStoredCredentials(db, { publicUrl: server.baseUrl, issuer })).toBe(0);

    const upgraded = await credentialOf(certificate.id);
    expect(upgraded.issuer.id).toBe(current.issuer.id);
    expect(upgraded).toMatchObject({
      id: current.id,
      validFrom: current.validFrom,
      credentialStatus: current.credentialStatus,
    });
    expect(upgraded.credentialSubject.identifier).toEqual(current.credentialSubject.identifier);
    expect(upgraded.credentialSubject.achievement).toEqual(current.credentialSubject.achievement);
    expect(validateAchievementCredential(upgraded)).toBe(true);
    const result = await stockVerify(upgraded, loader);
    expect(result.verified, JSON.stringify(result.error ?? result)).toBe(true);
  });

  it('a key made for the URL issuer id of earlier versions signs for the DID', async () => {
    const legacyKey = exportKeyPair(await generateKeyPair(`${server.baseUrl}/v1/issuer`));
    const issuer = await createIssuer(server.baseUrl, ['Koninklijke Bibliotheek'], legacyKey);
    expect(issuer.key.id).toBe(`${issuerIdFor(server.baseUrl)}#key-1`);
    expect(issuer.key.publicKeyMultibase).toBe(legacyKey.publicKeyMultibase);
    await expect(createIssuer('https://elders.example', ['KB'], legacyKey)).rejects.toThrow(/do not match/);
  });
});

describe('every credential issued in these tests', () => {
  it('validates against the schema and verifies with the stock verifier', async () => {
    expect(issued.length).toBeGreaterThanOrEqual(12);
    for (const { id } of issued) {
      const response = await t.http().get(`/v1/certificates/${id}/credential`);
      if (response.status === 404) continue; // erased: Loket keeps no copy
      const credential = response.body as Credential;
      expect(validateAchievementCredential(credential), JSON.stringify(validateAchievementCredential.errors)).toBe(
        true,
      );
      expect((await stockVerify(credential, loader)).verified, id).toBe(true);
    }
  });
});
