import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

/** A key pair as JSON, to keep in a file or an environment variable. Keep it secret. */
export interface KeyPairJson {
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

/** The public half, as published in the issuer's controller document. */
export interface VerificationMethod {
  '@context'?: string;
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

/** A loaded Ed25519 Multikey key pair that can sign. */
export interface SigningKey {
  id: string;
  controller: string;
  publicKeyMultibase: string;
  signer(): Ed25519Multikey.Signer;
}

// Kept out of the key object so that logging or serialising a key never leaks the secret.
const secrets = new WeakMap<SigningKey, string>();

/** Loket's convention: one key per issuer, `${issuerId}#key-1`, controlled by the issuer id. */
export const issuerKey = (issuerId: string): { id: string; controller: string } => ({
  id: `${issuerId}#key-1`,
  controller: issuerId,
});

export async function generateKeyPair(issuerId: string): Promise<SigningKey> {
  const { id, controller } = issuerKey(issuerId);
  return wrap(await Ed25519Multikey.generate({ id, controller }));
}

/**
 * Accepts `secretKeyMultibase` (Multikey) or `privateKeyMultibase` (the name the W3C vc-di-eddsa
 * test vectors use) for the secret key. `as` binds the key to another id and controller: the key
 * material is what signs, the names say where it is published.
 */
export async function importKeyPair(
  json: Omit<KeyPairJson, 'secretKeyMultibase'> & { secretKeyMultibase?: string; privateKeyMultibase?: string },
  as?: { id: string; controller: string },
): Promise<SigningKey> {
  const secretKeyMultibase = json.secretKeyMultibase ?? json.privateKeyMultibase;
  if (!secretKeyMultibase) {
    throw new Error('Key pair JSON has no secretKeyMultibase');
  }
  const keyPair = await Ed25519Multikey.from({
    '@context': MULTIKEY_CONTEXT,
    type: 'Multikey',
    id: as?.id ?? json.id,
    controller: as?.controller ?? json.controller,
    publicKeyMultibase: json.publicKeyMultibase,
    secretKeyMultibase,
  });
  return wrap(keyPair);
}

export function exportKeyPair(key: SigningKey): KeyPairJson {
  const secretKeyMultibase = secrets.get(key);
  if (!secretKeyMultibase) {
    throw new Error('Not a key pair created by this module');
  }
  const { id, controller, publicKeyMultibase } = key;
  return { id, controller, publicKeyMultibase, secretKeyMultibase };
}

export const verificationMethod = (key: Pick<SigningKey, 'id' | 'controller' | 'publicKeyMultibase'>) =>
  ({
    '@context': MULTIKEY_CONTEXT,
    id: key.id,
    type: 'Multikey',
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
  }) satisfies VerificationMethod;

/**
 * The DID document of a did:web issuer: its Multikey (Ed25519) verification methods, authorised for
 * assertions. The DID context comes first, so jsonld-signatures reads it without framing.
 */
export function didDocument(did: string, keys: ReadonlyArray<Pick<SigningKey, 'id' | 'publicKeyMultibase'>>): object {
  return {
    '@context': [DID_CONTEXT, MULTIKEY_CONTEXT],
    id: did,
    verificationMethod: keys.map(({ id, publicKeyMultibase }) => ({
      id,
      type: 'Multikey',
      controller: did,
      publicKeyMultibase,
    })),
    assertionMethod: keys.map(({ id }) => id),
  };
}

function wrap(keyPair: Ed25519Multikey.Ed25519KeyPair): SigningKey {
  const { id, controller, publicKeyMultibase, secretKeyMultibase } = keyPair;
  if (!id || !controller || !secretKeyMultibase) {
    throw new Error('Key pair needs an id, a controller and a secret key');
  }
  const key: SigningKey = { id, controller, publicKeyMultibase, signer: () => keyPair.signer() };
  secrets.set(key, secretKeyMultibase);
  return key;
}
