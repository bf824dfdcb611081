import { joinDutch } from '../certificates/pdf/dutch';
import {
  createDocumentLoader,
  type DocumentLoader,
  didDocument,
  didDocumentPath,
  didWebFor,
  generateKeyPair,
  importKeyPair,
  issuerKey,
  type KeyPairJson,
  OB_CONTEXTS,
  type Profile,
  type SigningKey,
} from '../credentials/index';

/**
 * Who signs Loket's credentials: a did:web DID for PUBLIC_URL, resolvable the standard way at
 * `/.well-known/did.json`, with its Ed25519 key; named after the commissioners of the programme.
 */
export interface Issuer {
  /** The DID, `issuer.id` of every credential and the controller of the key. */
  id: string;
  /** Where resolvers fetch the DID document, relative to PUBLIC_URL. */
  didDocumentPath: string;
  name: string;
  /** The commissioners of the programme, whose names make up `name`. */
  commissioners: readonly string[];
  /** The issuer's Open Badges profile (JSON-LD), `issuer.url` of every credential. */
  profileUrl: string;
  key: SigningKey;
  didDocument: object;
  /** The Profile as it stands in credentials: id, type, name, url. */
  profile: Profile;
  documentLoader: DocumentLoader;
}

/** Before did:web the issuer id was this URL; keys made then name it as their controller. */
export const legacyIssuerIdFor = (publicUrl: string) => `${publicUrl}/v1/issuer`;
export const issuerIdFor = didWebFor;

/**
 * Loads the configured key, or makes one (tests, and a first start in development). A key made for
 * the URL issuer id of earlier versions is the same key: it is bound to the DID.
 */
export async function createIssuer(
  publicUrl: string,
  commissioners: readonly string[],
  keyPair?: KeyPairJson,
): Promise<Issuer> {
  const id = issuerIdFor(publicUrl);
  const binding = issuerKey(id);
  if (keyPair && keyPair.controller !== id && keyPair.controller !== legacyIssuerIdFor(publicUrl)) {
    throw new Error(
      `The issuer key belongs to ${keyPair.controller}, not to ${id}: PUBLIC_URL and the key do not match.`,
    );
  }
  const key = keyPair ? await importKeyPair(keyPair, binding) : await generateKeyPair(id);
  const document = didDocument(id, [key]);
  const profileUrl = `${publicUrl}/v1/issuer`;
  return {
    id,
    didDocumentPath: didDocumentPath(publicUrl),
    name: joinDutch(commissioners),
    commissioners,
    profileUrl,
    key,
    didDocument: document,
    profile: { id, type: ['Profile'], name: joinDutch(commissioners), url: profileUrl },
    documentLoader: createDocumentLoader({ [id]: document }),
  };
}

/** The issuer's Open Badges 3.0 Profile as a JSON-LD document of its own. */
export const profileDocument = (issuer: Issuer, description: string) => ({
  '@context': [...OB_CONTEXTS],
  ...issuer.profile,
  type: [...issuer.profile.type],
  description,
});
