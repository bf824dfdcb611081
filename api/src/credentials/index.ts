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
export {
  type DataIntegrityProofValue,
  type Signed,
  type SignOptions,
  signCredential,
  signOpenBadgeCredential,
  type VerifyOptions,
  type VerifyResult,
  verifyCredential,
  verifyDataIntegrityProof,
} from './sign';
export {
  type BitstringStatusListCredential,
  buildStatusListCredential,
  isRevoked,
  MIN_STATUS_LIST_LENGTH,
  type StatusListInput,
  signStatusListCredential,
} from './statusList';
