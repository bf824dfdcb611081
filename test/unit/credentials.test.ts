import http from 'node:http';
import https from 'node:https';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  buildOpenBadgeCredential,
  buildStatusListCredential,
  createDocumentLoader,
  didDocument,
  emailIdentityHash,
  exportKeyPair,
  generateKeyPair,
  hashedEmailIdentity,
  importKeyPair,
  isRevoked,
  issuerKey,
  nameIdentity,
  type OpenBadgeInput,
  type SigningKey,
  signCredential,
  signStatusListCredential,
  verificationMethod,
  verifyCredential,
} from '../../api/src/credentials';
import { MIN_STATUS_LIST_LENGTH } from '../../api/src/credentials/statusList';

const ISSUER = 'did:web:loket.example';
const LIST_URL = 'https://loket.example/status/1';
const INDEX = 4242;
const CREATED = '2025-03-01T10:00:00Z';

const PROFILE = {
  id: ISSUER,
  type: ['Profile'] as ['Profile'],
  name: 'Samenwerkende Bibliotheken',
  url: 'https://loket.example/v1/issuer',
};

const input: OpenBadgeInput = {
  id: 'https://loket.example/credentials/0b7c6a2e-5d1f-4a8e-9c3b-2f1e0d9c8b7a',
  issuer: PROFILE,
  validFrom: '2025-02-28T00:00:00Z',
  identifiers: [hashedEmailIdentity('Jan.de.Vries@Bibliotheek.example', '7f3c9a1e'), nameIdentity('Jan de Vries')],
  achievement: {
    id: 'https://loket.example/v1/achievements/0193a0c4-1c2d-7e3f-8a9b-0c1d2e3f4a5b',
    type: ['Achievement'],
    achievementType: 'CertificateOfCompletion',
    name: 'Leertraject Frontoffice en basisvaardigheden',
    description: 'Afgerond leertraject voor medewerkers aan de balie van de bibliotheek.',
    criteria: { narrative: 'Alle verplichte modules en bijeenkomsten zijn afgerond, inclusief de kick-off.' },
    image: { id: 'https://loket.example/v1/achievements/x/image.svg', type: 'Image', caption: 'Embleem' },
    creator: PROFILE,
    inLanguage: 'nl',
    version: '1',
  },
  narrative: 'Afgeronde modules: BoekStart.',
  status: { listCredentialUrl: LIST_URL, index: INDEX },
};

async function statusList(key: SigningKey, revokedIndexes: number[], issuer = ISSUER) {
  return signStatusListCredential({ url: LIST_URL, issuer, revokedIndexes }, key, { created: CREATED });
}

function loaderFor(key: SigningKey, list?: object) {
  return createDocumentLoader({
    [key.controller]: didDocument(key.controller, [key]),
    ...(list ? { [LIST_URL]: list } : {}),
  });
}

describe('OpenBadgeCredential builder', () => {
  it('builds an OB 3.0 credential naming the holder, with a hashed e-mail identity and a revocation entry', () => {
    const badge = buildOpenBadgeCredential(input);
    expect(badge['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(badge.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(badge.issuer).toEqual(PROFILE);
    expect(badge.name).toBe('Leertraject Frontoffice en basisvaardigheden');
    expect(badge.credentialSubject.identifier).toEqual([
      {
        type: 'IdentityObject',
        identityHash: 'sha256$6be22539b168c2c759f7e0797923defa38abe7a92c41e7fd744dde8d69702332',
        identityType: 'emailAddress',
        hashed: true,
        salt: '7f3c9a1e',
      },
      { type: 'IdentityObject', identityHash: 'Jan de Vries', identityType: 'name', hashed: false },
    ]);
    expect(badge.credentialSubject.achievement).toEqual(input.achievement);
    expect(badge.credentialSubject.narrative).toBe('Afgeronde modules: BoekStart.');
    expect(badge.credentialStatus).toEqual({
      id: `${LIST_URL}#4242`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '4242',
      statusListCredential: LIST_URL,
    });
  });

  it('hashes the address case-insensitively', () => {
    expect(emailIdentityHash(' JAN.DE.VRIES@bibliotheek.example', 's')).toBe(
      emailIdentityHash('jan.de.vries@bibliotheek.example', 's'),
    );
  });

  it('leaves out a narrative it is not given', () => {
    const { narrative: _, ...withoutNarrative } = input;
    expect(buildOpenBadgeCredential(withoutNarrative).credentialSubject).not.toHaveProperty('narrative');
  });
});

describe('keys', () => {
  it('follows the issuer key convention and round-trips through JSON without exposing the secret', async () => {
    const key = await generateKeyPair(ISSUER);
    expect({ id: key.id, controller: key.controller }).toEqual(issuerKey(ISSUER));
    expect(key.id).toBe(`${ISSUER}#key-1`);
    expect(JSON.stringify(key)).not.toContain('secret');

    const json = exportKeyPair(key);
    expect(json.publicKeyMultibase).toMatch(/^z6Mk/);
    expect(json.secretKeyMultibase).toMatch(/^z/);
    const restored = await importKeyPair(JSON.parse(JSON.stringify(json)));
    const badge = buildOpenBadgeCredential(input);
    const [a, b] = await Promise.all([
      signCredential(badge, key, { created: CREATED }),
      signCredential(badge, restored, { created: CREATED }),
    ]);
    expect(b.proof.proofValue).toBe(a.proof.proofValue);
  });

  it('publishes only the public key', async () => {
    const key = await generateKeyPair(ISSUER);
    expect(verificationMethod(key)).toEqual({
      '@context': 'https://w3id.org/security/multikey/v1',
      id: `${ISSUER}#key-1`,
      type: 'Multikey',
      controller: ISSUER,
      publicKeyMultibase: key.publicKeyMultibase,
    });
    expect(JSON.stringify(didDocument(ISSUER, [key]))).not.toContain('secret');
  });
});

describe('sign and verify an OpenBadgeCredential', () => {
  it('signs with an eddsa-rdfc-2022 DataIntegrityProof', async () => {
    const key = await generateKeyPair(ISSUER);
    const signed = await signCredential(buildOpenBadgeCredential(input), key, { created: CREATED });
    expect(signed.proof).toEqual({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      created: CREATED,
      verificationMethod: `${ISSUER}#key-1`,
      proofPurpose: 'assertionMethod',
      proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]+$/),
    });
  });

  it('does not modify the credential it signs', async () => {
    const key = await generateKeyPair(ISSUER);
    const badge = buildOpenBadgeCredential(input);
    const before = structuredClone(badge);
    await signCredential(badge, key);
    expect(badge).toEqual(before);
  });

  it('verifies, and is not revoked while its bit is clear', async () => {
    const key = await generateKeyPair(ISSUER);
    const signed = await signCredential(buildOpenBadgeCredential(input), key);
    const list = await statusList(key, [1, INDEX + 1]);
    const result = await verifyCredential(signed, { documentLoader: loaderFor(key, list) });
    expect(result).toEqual({ verified: true, errors: [], revoked: false });
  });

  it('reports revocation once its index is set in the status list', async () => {
    const key = await generateKeyPair(ISSUER);
    const signed = await signCredential(buildOpenBadgeCredential(input), key);
    const list = await statusList(key, [INDEX]);
    const result = await verifyCredential(signed, { documentLoader: loaderFor(key, list) });
    expect(result).toEqual({ verified: true, errors: [], revoked: true });
  });

  it('fails when one character of the achievement name is changed', async () => {
    const key = await generateKeyPair(ISSUER);
    const signed = await signCredential(buildOpenBadgeCredential(input), key);
    const tampered = structuredClone(signed);
    tampered.credentialSubject.achievement.name = 'Leertraject Frontoffice en basisvaardigheid';
    const result = await verifyCredential(tampered, { documentLoader: loaderFor(key, await statusList(key, [])) });
    expect(result.verified).toBe(false);
    expect(result.errors).toEqual(['Invalid signature.']);
    expect(result.revoked).toBeUndefined();
  });

  it('fails for a credential signed by a key its issuer does not list', async () => {
    const key = await generateKeyPair(ISSUER);
    const impostor = await importKeyPair({ ...exportKeyPair(await generateKeyPair(ISSUER)) });
    const signed = await signCredential(buildOpenBadgeCredential(input), impostor);
    const result = await verifyCredential(signed, { documentLoader: loaderFor(key, await statusList(key, [])) });
    expect(result.verified).toBe(false);
  });

  it('fails closed when the status list cannot be loaded, unless status checking is off', async () => {
    const key = await generateKeyPair(ISSUER);
    const signed = await signCredential(buildOpenBadgeCredential(input), key);
    const documentLoader = loaderFor(key);
    const checked = await verifyCredential(signed, { documentLoader });
    expect(checked.verified).toBe(false);
    expect(checked.errors.join(' ')).toContain(LIST_URL);
    expect(await verifyCredential(signed, { documentLoader, checkStatus: false })).toEqual({
      verified: true,
      errors: [],
    });
  });

  it('rejects a status list that another issuer signed', async () => {
    const key = await generateKeyPair(ISSUER);
    const other = await generateKeyPair('https://elders.example/issuer');
    const signed = await signCredential(buildOpenBadgeCredential(input), key);
    const forged = await statusList(other, [], other.controller);
    const documentLoader = createDocumentLoader({
      [ISSUER]: didDocument(ISSUER, [key]),
      [other.controller]: didDocument(other.controller, [other]),
      [LIST_URL]: forged,
    });
    const result = await verifyCredential(signed, { documentLoader });
    expect(result.verified).toBe(false);
    expect(result.errors.join(' ')).toMatch(/issuers .* do not match/i);
  });

  it('rejects a credential before its validFrom', async () => {
    const key = await generateKeyPair(ISSUER);
    const signed = await signCredential(buildOpenBadgeCredential(input), key);
    const result = await verifyCredential(signed, {
      documentLoader: loaderFor(key, await statusList(key, [])),
      now: '2025-01-01T00:00:00Z',
    });
    expect(result.verified).toBe(false);
    expect(result.errors.join(' ')).toContain('validFrom');
  });
});

describe('determinism', () => {
  it('gives the same proofValue for the same credential, key and created', async () => {
    const key = await generateKeyPair(ISSUER);
    const badge = buildOpenBadgeCredential(input);
    const first = await signCredential(badge, key, { created: CREATED });
    const second = await signCredential(badge, key, { created: CREATED });
    expect(second).toEqual(first);
    const later = await signCredential(badge, key, { created: '2025-03-01T10:00:01Z' });
    expect(later.proof.proofValue).not.toBe(first.proof.proofValue);
  });
});

describe('status list', () => {
  it('sets exactly the revoked bits in a list of the minimum size', async () => {
    const list = await buildStatusListCredential({ url: LIST_URL, issuer: ISSUER, revokedIndexes: [0, 7, 131_071] });
    expect(list).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: LIST_URL,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: ISSUER,
      credentialSubject: { id: `${LIST_URL}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation' },
    });
    for (const index of [0, 7, 131_071]) {
      expect(await isRevoked(list, index)).toBe(true);
    }
    for (const index of [1, 6, 8, 65_536, 131_070]) {
      expect(await isRevoked(list, index)).toBe(false);
    }
    await expect(isRevoked(list, 131_072)).rejects.toThrow(RangeError);
  });

  it('refuses lists below 16 KB and indexes outside the list', async () => {
    await expect(
      buildStatusListCredential({ url: LIST_URL, issuer: ISSUER, revokedIndexes: [], length: 1024 }),
    ).rejects.toThrow(RangeError);
    await expect(
      buildStatusListCredential({ url: LIST_URL, issuer: ISSUER, revokedIndexes: [MIN_STATUS_LIST_LENGTH] }),
    ).rejects.toThrow(RangeError);
  });

  it('signs a status list that verifies as a credential of its own', async () => {
    const key = await generateKeyPair(ISSUER);
    const list = await statusList(key, [INDEX]);
    expect(await verifyCredential(list, { documentLoader: loaderFor(key) })).toEqual({ verified: true, errors: [] });
  });
});

describe('document loader', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('serves the bundled contexts', async () => {
    const loader = createDocumentLoader();
    for (const url of [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
      'https://w3id.org/security/multikey/v1',
      'https://w3id.org/security/data-integrity/v2',
      'https://www.w3.org/ns/did/v1',
      'https://www.w3.org/ns/credentials/status/v1',
    ]) {
      const { document, documentUrl } = await loader(url);
      expect(documentUrl).toBe(url);
      expect(document).toHaveProperty('@context');
    }
  });

  it('resolves a verification method inside a registered controller document', async () => {
    const key = await generateKeyPair(ISSUER);
    const { document } = await loaderFor(key)(key.id);
    expect(document).toMatchObject({ id: key.id, type: 'Multikey', publicKeyMultibase: key.publicKeyMultibase });
  });

  it('refuses an unknown URL without touching the network', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const httpSpy = vi.spyOn(http, 'request');
    const httpsSpy = vi.spyOn(https, 'request');
    const loader = createDocumentLoader({ [ISSUER]: { '@context': 'https://www.w3.org/ns/did/v1', id: ISSUER } });
    const url = 'https://schema.example/unknown-context.jsonld';
    await expect(loader(url)).rejects.toThrow(url);
    await expect(loader(`${ISSUER}#key-9`)).rejects.toThrow(`${ISSUER}#key-9`);
    await expect(loader('did:key:zNotAKey')).rejects.toThrow('did:key:zNotAKey');
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(httpSpy).not.toHaveBeenCalled();
    expect(httpsSpy).not.toHaveBeenCalled();
  });

  it('makes verification fail, naming the URL, when a context is unknown', async () => {
    const key = await generateKeyPair(ISSUER);
    const signed = await signCredential(buildOpenBadgeCredential(input), key);
    const unknown = 'https://contexts.example/extra.jsonld';
    const withContext = { ...signed, '@context': [...signed['@context'], unknown] };
    const result = await verifyCredential(withContext, {
      documentLoader: loaderFor(key, await statusList(key, [])),
    });
    expect(result.verified).toBe(false);
    expect(result.errors.join(' ')).toContain(unknown);
  });
});
