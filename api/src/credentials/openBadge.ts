import { createHash } from 'node:crypto';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** The contexts of every Open Badges 3.0 document Loket publishes: credentials, achievements, profiles. */
export const OB_CONTEXTS = [VC_V2_CONTEXT, OB_V3_CONTEXT] as const;

/** An issuer Profile as Open Badges 3.0 describes one. */
export interface Profile {
  id: string;
  type: ['Profile'];
  name: string;
  url: string;
}

export interface Image {
  id: string;
  type: 'Image';
  caption: string;
}

/** An Open Badges 3.0 Achievement: what the holder earned, the same for every holder. */
export interface Achievement {
  id: string;
  type: ['Achievement'];
  achievementType: 'CertificateOfCompletion';
  name: string;
  description: string;
  /** `narrative` in Markdown. */
  criteria: { narrative: string };
  image: Image;
  creator: Profile;
  inLanguage: string;
  version: string;
}

export interface OpenBadgeInput {
  /** URL identifying this credential. */
  id: string;
  issuer: Profile;
  validFrom: string;
  /** How the holder is identified: a hashed e-mail address, and their name when they are to be named. */
  identifiers: IdentityObject[];
  achievement: Achievement;
  /** What this holder did for it, in Markdown (the modules and meetings). */
  narrative?: string;
  status: { listCredentialUrl: string; index: number };
}

export interface HashedEmailIdentity {
  type: 'IdentityObject';
  identityHash: string;
  identityType: 'emailAddress';
  hashed: true;
  salt: string;
}

/** The holder's name in plain text (Open Badges 3.0 `identityType` `name`), so a wallet can show it. */
export interface NameIdentity {
  type: 'IdentityObject';
  identityHash: string;
  identityType: 'name';
  hashed: false;
}

export type IdentityObject = HashedEmailIdentity | NameIdentity;

export interface OpenBadgeCredential {
  '@context': typeof OB_CONTEXTS;
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  issuer: Profile;
  name: string;
  validFrom: string;
  credentialSubject: {
    type: ['AchievementSubject'];
    identifier: IdentityObject[];
    achievement: Achievement;
    narrative?: string;
  };
  credentialStatus: {
    id: string;
    type: 'BitstringStatusListEntry';
    statusPurpose: 'revocation';
    statusListIndex: string;
    statusListCredential: string;
  };
}

/**
 * Open Badges 3.0 hashed identity: `sha256$` + hex(sha256(email + salt)). The address is trimmed and
 * lower-cased first so that a verifier holding the address in any casing gets the same hash.
 */
export function emailIdentityHash(email: string, salt: string): string {
  const digest = createHash('sha256')
    .update(email.trim().toLowerCase() + salt, 'utf8')
    .digest('hex');
  return `sha256$${digest}`;
}

export const hashedEmailIdentity = (email: string, salt: string): HashedEmailIdentity => ({
  type: 'IdentityObject',
  identityHash: emailIdentityHash(email, salt),
  identityType: 'emailAddress',
  hashed: true,
  salt,
});

export const nameIdentity = (name: string): NameIdentity => ({
  type: 'IdentityObject',
  identityHash: name,
  identityType: 'name',
  hashed: false,
});

/** An unsigned OpenBadgeCredential; the credential name is the achievement name. */
export function buildOpenBadgeCredential(input: OpenBadgeInput): OpenBadgeCredential {
  const { achievement, status } = input;
  return {
    '@context': OB_CONTEXTS,
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: input.issuer,
    name: achievement.name,
    validFrom: input.validFrom,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: input.identifiers,
      achievement,
      ...(input.narrative ? { narrative: input.narrative } : {}),
    },
    credentialStatus: revocationEntry(status.listCredentialUrl, status.index),
  };
}

function revocationEntry(listCredentialUrl: string, index: number): OpenBadgeCredential['credentialStatus'] {
  if (!Number.isInteger(index) || index < 0) {
    throw new RangeError(`Status list index must be a non-negative integer, got ${index}`);
  }
  return {
    id: `${listCredentialUrl}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: String(index),
    statusListCredential: listCredentialUrl,
  };
}
