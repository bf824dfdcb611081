import {
  type Achievement,
  buildOpenBadgeCredential,
  type HashedEmailIdentity,
  type IdentityObject,
  nameIdentity,
  signOpenBadgeCredential,
} from '../../credentials/index';
import type { Issuer } from '../../lib/issuer';
import { holderNarrative } from '../issuer/achievement';
import { statusListUrl } from '../issuer/service';

export interface CredentialInput {
  certificateId: string;
  issuedAt: Date;
  /** The holder's e-mail address, hashed and salted. */
  emailIdentity: HashedEmailIdentity;
  /** The holder's name, in plain text so a wallet can show it. */
  holderName: string;
  achievement: Achievement;
  modules: ReadonlyArray<{ title: string }>;
  meetings: ReadonlyArray<{ title: string; date: string }>;
  statusListId: string;
  statusListIndex: number;
}

export const credentialUrl = (publicUrl: string, certificateId: string) =>
  `${publicUrl}/v1/certificates/${certificateId}/credential`;

/**
 * The certificate as a signed Open Badges 3.0 credential of the did:web issuer: the holder named
 * and identified by a salted hash of their e-mail address, the achievement of the programme version,
 * what they did for it, and their entry in a revocation list. The holder's copy stays valid after
 * an erasure; Loket then drops its own copy.
 */
export async function signedCredential(
  issuer: Issuer,
  publicUrl: string,
  input: CredentialInput,
): Promise<Record<string, unknown>> {
  const identifiers: IdentityObject[] = [input.emailIdentity, nameIdentity(input.holderName)];
  const unsigned = buildOpenBadgeCredential({
    id: credentialUrl(publicUrl, input.certificateId),
    issuer: issuer.profile,
    validFrom: input.issuedAt.toISOString(),
    identifiers,
    achievement: input.achievement,
    narrative: holderNarrative(input.modules, input.meetings),
    status: { listCredentialUrl: statusListUrl(publicUrl, input.statusListId), index: input.statusListIndex },
  });
  // Signed as of the issue: the same moment as validFrom (whole seconds, as Data Integrity writes it).
  const created = input.issuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const signed = await signOpenBadgeCredential(unsigned, issuer.key, {
    documentLoader: issuer.documentLoader,
    created,
  });
  return signed as unknown as Record<string, unknown>;
}
