export { createDocumentLoader, type DocumentLoader, type RemoteDocument, staticDocumentUrls } from './documentLoader';
export {
  controllerDocument,
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
  buildOpenBadgeCredential,
  emailIdentityHash,
  type IdentityObject,
  OB_V3_CONTEXT,
  type OpenBadgeCredential,
  type OpenBadgeInput,
  VC_V2_CONTEXT,
} from './openBadge';
export {
  type DataIntegrityProofValue,
  type Signed,
  type SignOptions,
  signCredential,
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
