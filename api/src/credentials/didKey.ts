const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

// Only Ed25519 did:keys: multicodec 0xed01 in base58btc always starts with "z6Mk".
const ED25519_DID_KEY = /^did:key:(z6Mk[1-9A-HJ-NP-Za-km-z]{44})$/;

export const isDidKey = (url: string): boolean => ED25519_DID_KEY.test(url);

/**
 * The DID document of an Ed25519 did:key, derived from the identifier itself as the did:key method
 * prescribes, so resolving it needs no network.
 */
export function didKeyDocument(did: string): object {
  const publicKeyMultibase = ED25519_DID_KEY.exec(did)?.[1];
  if (!publicKeyMultibase) {
    throw new Error(`Not an Ed25519 did:key: ${did}`);
  }
  const id = `${did}#${publicKeyMultibase}`;
  return {
    '@context': [DID_CONTEXT, MULTIKEY_CONTEXT],
    id: did,
    verificationMethod: [{ id, type: 'Multikey', controller: did, publicKeyMultibase }],
    authentication: [id],
    assertionMethod: [id],
    capabilityDelegation: [id],
    capabilityInvocation: [id],
  };
}
