import { createHash } from 'node:crypto';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

export interface OpenBadgeInput {
  /** URL identifying this credential. */
  id: string;
  issuer: { id: string; name: string; url?: string };
  validFrom: string;
  recipient: { email: string; salt: string };
  /** `criteria` is the narrative (Markdown allowed). */
  achievement: { id: string; name: string; description: string; criteria: string };
  status: { listCredentialUrl: string; index: number };
}

export interface IdentityObject {
  type: 'IdentityObject';
  identityHash: string;
  identityType: 'emailAddress';
  hashed: true;
  salt: string;
}

export interface OpenBadgeCredential {
  '@context': [typeof VC_V2_CONTEXT, typeof OB_V3_CONTEXT];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  issuer: { id: string; type: ['Profile']; name: string; url?: string };
  name: string;
  validFrom: string;
  credentialSubject: {
    type: ['AchievementSubject'];
    identifier: [IdentityObject];
    achievement: {
      id: string;
      type: ['Achievement'];
      name: string;
      description: string;
      criteria: { narrative: string };
    };
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

/** An unsigned OpenBadgeCredential; the credential name is the achievement name. */
export function buildOpenBadgeCredential(input: OpenBadgeInput): OpenBadgeCredential {
  const { issuer, achievement, recipient, status } = input;
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer.id, type: ['Profile'], name: issuer.name, ...(issuer.url ? { url: issuer.url } : {}) },
    name: achievement.name,
    validFrom: input.validFrom,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: emailIdentityHash(recipient.email, recipient.salt),
          identityType: 'emailAddress',
          hashed: true,
          salt: recipient.salt,
        },
      ],
      achievement: {
        id: achievement.id,
        type: ['Achievement'],
        name: achievement.name,
        description: achievement.description,
        criteria: { narrative: achievement.criteria },
      },
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
