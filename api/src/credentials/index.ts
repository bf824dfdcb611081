export { didDocumentPath, didWebFor } from './didWeb';
export { createDocumentLoader, type DocumentLoader, type RemoteDocument, staticDocumentUrls } from './documentLoader';
export {
  didDocument,
  exportKeyPair,
  generateKeyPair,
  importKeyPair,
  issuerKey,
  type KeyPairJson,
  type SigningKey,
  type VerificationMethod,
  verificationMethod,
} from './keys';
export {
  type Achievement,
  buildOpenBadgeCredential,
  emailIdentityHash,
  type HashedEmailIdentity,
  hashedEmailIdentity,
  type IdentityObject,
  type Image,
  nameIdentity,
  OB_CONTEXTS,
  OB_V3_CONTEXT,
  type OpenBadgeCredential,
  type OpenBadgeInput,
  type Profile,
  VC_V2_CONTEXT,
} from './openBadge';
export type {
  DataIntegrityProofValue,
  Signed,
  SignOptions,
  VerifyOptions,
  VerifyResult,
} from './sign';
export type { BitstringStatusListCredential, StatusListInput } from './statusList';

/*
 * Signing and verifying load JSON-LD, Data Integrity and the status list libraries (some 25 MB in
 * each process): with the first credential signed or checked, not at start, where most processes
 * never need them.
 */
const signing = () => import('./sign');
const statusLists = () => import('./statusList');
type Sign = typeof import('./sign');
type StatusLists = typeof import('./statusList');

export const signCredential: Sign['signCredential'] = async (...args) => (await signing()).signCredential(...args);
export const signOpenBadgeCredential: Sign['signOpenBadgeCredential'] = async (...args) =>
  (await signing()).signOpenBadgeCredential(...args);
export const verifyCredential: Sign['verifyCredential'] = async (...args) =>
  (await signing()).verifyCredential(...args);
export const verifyDataIntegrityProof: Sign['verifyDataIntegrityProof'] = async (...args) =>
  (await signing()).verifyDataIntegrityProof(...args);
export const buildStatusListCredential: StatusLists['buildStatusListCredential'] = async (...args) =>
  (await statusLists()).buildStatusListCredential(...args);
export const signStatusListCredential: StatusLists['signStatusListCredential'] = async (...args) =>
  (await statusLists()).signStatusListCredential(...args);
export const isRevoked: StatusLists['isRevoked'] = async (...args) => (await statusLists()).isRevoked(...args);
