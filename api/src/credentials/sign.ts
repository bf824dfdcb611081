import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus as checkBitstringStatus } from '@digitalbazaar/vc-bitstring-status-list';
import jsigs from 'jsonld-signatures';
import { createDocumentLoader, type DocumentLoader } from './documentLoader';
import type { SigningKey } from './keys';

export interface DataIntegrityProofValue {
  type: 'DataIntegrityProof';
  cryptosuite: 'eddsa-rdfc-2022';
  created: string;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
  proofValue: string;
}

export type Signed<T> = T & { proof: DataIntegrityProofValue };

export interface SignOptions {
  /** XML Schema dateTime for `proof.created`; defaults to now. */
  created?: string;
  documentLoader?: DocumentLoader;
}

export interface VerifyOptions {
  documentLoader: DocumentLoader;
  /** Check BitstringStatusListEntry statuses (default true); the list must be available to the loader. */
  checkStatus?: boolean;
  /** The moment to check `validFrom`/`validUntil` against; defaults to now. */
  now?: Date | string;
}

/**
 * `verified` says the credential is authentic: proof, dates and (when checked) the status list
 * credential are valid. Whether it is revoked is reported separately in `revoked`, present only
 * when a revocation status was actually read.
 */
export interface VerifyResult {
  verified: boolean;
  errors: string[];
  revoked?: boolean;
}

export async function signCredential<T extends object>(
  credential: T,
  key: SigningKey,
  options: SignOptions = {},
): Promise<Signed<T>> {
  const suite = new DataIntegrityProof({
    cryptosuite,
    signer: key.signer(),
    ...(options.created ? { date: options.created } : {}),
  });
  const signed = await vc.issue({
    credential: structuredClone(credential),
    suite,
    documentLoader: options.documentLoader ?? createDocumentLoader(),
  });
  return signed as Signed<T>;
}

/**
 * Signs an Open Badges 3.0 credential. 1EdTech's JSON schema wants `proof` as a list; in JSON-LD one
 * proof and a list of one are the same statement, so it verifies either way.
 */
export async function signOpenBadgeCredential<T extends object>(
  credential: T,
  key: SigningKey,
  options: SignOptions = {},
): Promise<T & { proof: DataIntegrityProofValue[] }> {
  const signed = await signCredential(credential, key, options);
  return { ...signed, proof: [signed.proof] };
}

export async function verifyCredential(credential: object, options: VerifyOptions): Promise<VerifyResult> {
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: options.documentLoader,
    checkStatus: options.checkStatus === false ? skipStatus : checkStatus,
    ...(options.now ? { now: options.now } : {}),
  });
  const revoked = revocationOf(result);
  return {
    verified: result.verified,
    errors: result.verified ? [] : errorMessages(result.error ?? result.statusResult?.error),
    ...(revoked === undefined ? {} : { revoked }),
  };
}

/**
 * Checks only the Data Integrity proof: the signature, and that the key's controller document lists
 * the key under `assertionMethod`. Unlike verifyCredential it does not require the credential's
 * issuer to be that controller, nor look at dates or status — so it is not enough to trust a
 * credential, but it is what cryptosuite test vectors (whose issuer is not the key's controller) test.
 */
export async function verifyDataIntegrityProof(
  document: object,
  options: { documentLoader: DocumentLoader },
): Promise<Omit<VerifyResult, 'revoked'>> {
  const result = await jsigs.verify(document, {
    suite: new DataIntegrityProof({ cryptosuite }),
    purpose: new jsigs.purposes.AssertionProofPurpose(),
    documentLoader: options.documentLoader,
  });
  return { verified: result.verified, errors: result.verified ? [] : errorMessages(result.error) };
}

async function skipStatus() {
  return { verified: true };
}

// The vc library insists on a status checker whenever `credentialStatus` is present; statuses of
// other types (e.g. 1EdTechRevocationList) cannot be checked offline and are left unchecked.
async function checkStatus(options: { credential: object; suite: object; documentLoader: DocumentLoader }) {
  if (!hasBitstringEntry(options.credential)) {
    return { verified: true };
  }
  return checkBitstringStatus(options);
}

function hasBitstringEntry(credential: object): boolean {
  const { credentialStatus } = credential as { credentialStatus?: unknown };
  const entries: unknown[] = Array.isArray(credentialStatus) ? credentialStatus : [credentialStatus];
  return entries.some((entry) => (entry as { type?: unknown } | undefined)?.type === 'BitstringStatusListEntry');
}

function revocationOf(result: vc.VerifyResult): boolean | undefined {
  const revocations = result.statusResult?.results?.filter((r) => r.credentialStatus?.statusPurpose === 'revocation');
  if (!result.verified || !revocations?.length) {
    return undefined;
  }
  return revocations.some((r) => r.status === true);
}

function errorMessages(error: unknown): string[] {
  if (!(error instanceof Error)) {
    return [error === undefined ? 'Credential not verified' : String(error)];
  }
  const nested = (error as Error & { errors?: unknown }).errors;
  if (Array.isArray(nested) && nested.length > 0) {
    return nested.flatMap(errorMessages);
  }
  return [error.message];
}
