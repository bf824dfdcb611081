import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  createDocumentLoader,
  didDocument,
  importKeyPair,
  isRevoked,
  signCredential,
  verifyCredential,
  verifyDataIntegrityProof,
} from '../../api/src/credentials';

const VECTORS = new URL('../fixtures/vectors/', import.meta.url);
const readVector = async <T = Record<string, unknown>>(path: string): Promise<T> =>
  JSON.parse(await readFile(new URL(path, VECTORS), 'utf8')) as T;

// The W3C examples context is not in any context package; this is its published content.
const EXAMPLES_V2 = {
  'https://www.w3.org/ns/credentials/examples/v2': {
    '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' },
  },
};

interface Proof {
  verificationMethod: string;
  proofValue: string;
  created: string;
}
const proofsOf = (credential: { proof?: Proof | Proof[] }): Proof[] => [credential.proof ?? []].flat();

/** 1EdTech's test keys are named by their multibase public key in the fragment of the verification method. */
function issuerDocumentFromProofs(issuerId: string, ...credentials: Array<{ proof?: Proof | Proof[] }>) {
  const keys = credentials.flatMap(proofsOf).map(({ verificationMethod }) => ({
    id: verificationMethod,
    publicKeyMultibase: verificationMethod.split('#')[1] ?? '',
  }));
  return { [issuerId]: didDocument(issuerId, keys) };
}

describe('W3C vc-di-eddsa test vector (eddsa-rdfc-2022)', () => {
  it('reproduces the published proofValue byte for byte', async () => {
    const [keyPair, unsigned, proofConfig, signed] = await Promise.all([
      readVector<{ publicKeyMultibase: string; privateKeyMultibase: string }>('vc-di-eddsa/keyPair.json'),
      readVector('vc-di-eddsa/unsigned.json'),
      readVector<{ created: string; verificationMethod: string }>('vc-di-eddsa/proofConfig.json'),
      readVector<{ proof: Proof }>('vc-di-eddsa/signedDataInt.json'),
    ]);
    const key = await importKeyPair({
      ...keyPair,
      id: proofConfig.verificationMethod,
      controller: proofConfig.verificationMethod.split('#')[0] ?? '',
    });
    const result = await signCredential(unsigned, key, {
      created: proofConfig.created,
      documentLoader: createDocumentLoader(EXAMPLES_V2),
    });
    expect(result.proof).toEqual(signed.proof);
    expect(result).toEqual(signed);
  });

  it('verifies the published signed credential, resolving its did:key offline', async () => {
    const signed = await readVector('vc-di-eddsa/signedDataInt.json');
    const result = await verifyDataIntegrityProof(signed, { documentLoader: createDocumentLoader(EXAMPLES_V2) });
    expect(result).toEqual({ verified: true, errors: [] });
  });

  it('is not a trustworthy credential as a whole: its issuer does not control the signing key', async () => {
    const signed = await readVector('vc-di-eddsa/signedDataInt.json');
    const result = await verifyCredential(signed, { documentLoader: createDocumentLoader(EXAMPLES_V2) });
    expect(result).toEqual({
      verified: false,
      errors: ['Credential issuer must match the verification method controller.'],
    });
  });

  it('rejects the published credential with one character changed', async () => {
    const signed = await readVector<{ name: string }>('vc-di-eddsa/signedDataInt.json');
    const tampered = { ...signed, name: signed.name.replace('A', 'a') };
    const result = await verifyDataIntegrityProof(tampered, { documentLoader: createDocumentLoader(EXAMPLES_V2) });
    expect(result.verified).toBe(false);
    expect(result.errors.join(' ')).toMatch(/signature/i);
  });
});

describe('1EdTech Open Badges 3.0 vectors', () => {
  it('ob3-complete: the full OpenBadgeCredential verifies with the key named in its proof', async () => {
    const credential = await readVector<{ issuer: { id: string }; proof: Proof[] }>('ob3/ob3-complete.json');
    const documentLoader = createDocumentLoader(issuerDocumentFromProofs(credential.issuer.id, credential));
    // validUntil is 2030-01-01; pin the clock so the test does not expire.
    const result = await verifyCredential(credential, { documentLoader, now: '2025-01-01T00:00:00Z' });
    expect(result).toEqual({ verified: true, errors: [] });
  });

  it('ob3-complete: one character changed in the achievement name breaks the proof', async () => {
    const credential = await readVector<{
      issuer: { id: string };
      proof: Proof[];
      credentialSubject: { achievement: { name: string } };
    }>('ob3/ob3-complete.json');
    const documentLoader = createDocumentLoader(issuerDocumentFromProofs(credential.issuer.id, credential));
    credential.credentialSubject.achievement.name = credential.credentialSubject.achievement.name.replace('D', 'd');
    const result = await verifyCredential(credential, { documentLoader, now: '2025-01-01T00:00:00Z' });
    expect(result).toEqual({ verified: false, errors: ['Invalid signature.'] });
  });

  it('ob3-revoked: verifies cryptographically but bit 23 of testlist.json marks it revoked', async () => {
    const [credential, testlist] = await Promise.all([
      readVector<{ issuer: { id: string }; credentialStatus: { statusListCredential: string }; proof: Proof }>(
        'ob3/ob3-revoked.json',
      ),
      readVector('ob3/testlist.json'),
    ]);
    const documentLoader = createDocumentLoader({
      ...issuerDocumentFromProofs(credential.issuer.id, credential, testlist),
      [credential.credentialStatus.statusListCredential]: testlist,
    });
    const result = await verifyCredential(credential, { documentLoader });
    expect(result).toEqual({ verified: true, errors: [], revoked: true });
    expect(await isRevoked(testlist, 23)).toBe(true);
    expect(await isRevoked(testlist, 22)).toBe(false);
  });

  it('ob3-revoked: without its status list the result fails closed, naming the list URL', async () => {
    const credential = await readVector<{
      issuer: { id: string };
      credentialStatus: { statusListCredential: string };
      proof: Proof;
    }>('ob3/ob3-revoked.json');
    const documentLoader = createDocumentLoader(issuerDocumentFromProofs(credential.issuer.id, credential));
    const result = await verifyCredential(credential, { documentLoader });
    expect(result.verified).toBe(false);
    expect(result.errors.join(' ')).toContain(credential.credentialStatus.statusListCredential);
  });
});
