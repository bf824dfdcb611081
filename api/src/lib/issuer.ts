import {
  controllerDocument,
  createDocumentLoader,
  type DocumentLoader,
  generateKeyPair,
  importKeyPair,
  type KeyPairJson,
  type SigningKey,
} from '../credentials/index';

/** Who signs Loket's credentials: the issuer id (a URL this API serves) and its Ed25519 key. */
export interface Issuer {
  id: string;
  name: string;
  url: string;
  key: SigningKey;
  /** The issuer's controller document, as GET /v1/issuer publishes it. */
  document: object;
  documentLoader: DocumentLoader;
}

export const issuerIdFor = (publicUrl: string) => `${publicUrl}/v1/issuer`;

/** Loads the configured key, or makes one (tests, and a first start in development). */
export async function createIssuer(publicUrl: string, keyPair?: KeyPairJson): Promise<Issuer> {
  const id = issuerIdFor(publicUrl);
  const key = keyPair ? await importKeyPair(keyPair) : await generateKeyPair(id);
  if (key.controller !== id) {
    throw new Error(`The issuer key belongs to ${key.controller}, not to ${id}: PUBLIC_URL and the key do not match.`);
  }
  const document = controllerDocument(id, [key]);
  return {
    id,
    name: 'Koninklijke Bibliotheek',
    url: publicUrl,
    key,
    document,
    documentLoader: createDocumentLoader({ [id]: document }),
  };
}
