import { createCredential, createList, decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import type { DocumentLoader } from './documentLoader';
import type { SigningKey } from './keys';
import { type Signed, signCredential } from './sign';

/** 16 KB, the Bitstring Status List minimum: a smaller list would shrink the herd a holder hides in. */
export const MIN_STATUS_LIST_LENGTH = 131_072;

export interface StatusListInput {
  /** The URL the status list credential is published at (`statusListCredential` in entries). */
  url: string;
  /** Issuer id; must equal the issuer of the credentials whose status the list holds. */
  issuer: string;
  revokedIndexes: Iterable<number>;
  /** Number of bits; defaults to and may not be below MIN_STATUS_LIST_LENGTH. */
  length?: number;
  validFrom?: string;
  /** How long, in milliseconds, a verifier may cache the list before fetching it again. */
  ttl?: number;
}

export interface BitstringStatusListCredential {
  '@context': string[];
  id: string;
  type: string[];
  issuer: string;
  validFrom?: string;
  credentialSubject: { id: string; type: string; statusPurpose: string; encodedList: string; ttl?: number };
}

export async function buildStatusListCredential(input: StatusListInput): Promise<BitstringStatusListCredential> {
  const length = input.length ?? MIN_STATUS_LIST_LENGTH;
  if (!Number.isInteger(length) || length < MIN_STATUS_LIST_LENGTH || length % 8 !== 0) {
    throw new RangeError(`Status list length must be a multiple of 8 of at least ${MIN_STATUS_LIST_LENGTH}`);
  }
  const list = await createList({ length });
  for (const index of input.revokedIndexes) {
    list.setStatus(checkedIndex(index, length), true);
  }
  const {
    '@context': context,
    id,
    type,
    credentialSubject,
  } = await createCredential({
    id: input.url,
    list,
    statusPurpose: 'revocation',
  });
  return {
    '@context': context,
    id,
    type,
    issuer: input.issuer,
    ...(input.validFrom ? { validFrom: input.validFrom } : {}),
    credentialSubject: { ...credentialSubject, ...(input.ttl ? { ttl: input.ttl } : {}) },
  };
}

export async function signStatusListCredential(
  input: StatusListInput,
  key: SigningKey,
  options: { created?: string; documentLoader?: DocumentLoader } = {},
): Promise<Signed<BitstringStatusListCredential>> {
  return signCredential(await buildStatusListCredential(input), key, options);
}

/** Reads one bit of a revocation list; does not verify the list's proof (verifyCredential does). */
export async function isRevoked(statusListCredential: object, index: number): Promise<boolean> {
  const subject = (statusListCredential as { credentialSubject?: { statusPurpose?: unknown; encodedList?: unknown } })
    .credentialSubject;
  if (subject?.statusPurpose !== 'revocation' || typeof subject.encodedList !== 'string') {
    throw new Error('Not a revocation BitstringStatusListCredential');
  }
  const list = await decodeList({ encodedList: subject.encodedList });
  return list.getStatus(checkedIndex(index, list.length));
}

function checkedIndex(index: number, length: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new RangeError(`Status list index ${index} is outside 0..${length - 1}`);
  }
  return index;
}
