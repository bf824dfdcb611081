import { randomBytes } from 'node:crypto';
import { buildOpenBadgeCredential, signCredential } from '../../credentials/index';
import type { Issuer } from '../../lib/issuer';

export interface CredentialInput {
  certificateId: string;
  issuedAt: Date;
  email: string;
  programme: { code: string; name: string; summary: string; versionNumber: number };
  modules: Array<{ title: string }>;
  statusListId: string;
  statusListIndex: number;
}

export const statusListUrl = (publicUrl: string, statusListId: string) =>
  `${publicUrl}/v1/status-lists/${statusListId}`;
export const credentialUrl = (publicUrl: string, certificateId: string) =>
  `${publicUrl}/v1/certificates/${certificateId}/credential`;

/**
 * The certificate as a signed Open Badges 3.0 credential. The person is named only by a salted
 * hash of their email, so the credential stays valid and discloses nothing after an erasure.
 */
export async function signedCredential(issuer: Issuer, input: CredentialInput): Promise<Record<string, unknown>> {
  const unsigned = buildOpenBadgeCredential({
    id: credentialUrl(issuer.url, input.certificateId),
    issuer: { id: issuer.id, name: issuer.name, url: issuer.url },
    validFrom: input.issuedAt.toISOString(),
    recipient: { email: input.email, salt: randomBytes(16).toString('hex') },
    achievement: {
      id: `${issuer.url}/achievements/${input.programme.code.toLowerCase()}-v${input.programme.versionNumber}`,
      name: input.programme.name,
      description: input.programme.summary,
      criteria:
        `Alle gekozen e-learningmodules afgerond (${input.modules.map((m) => m.title).join(', ')}) ` +
        'en aanwezig bij de bijeenkomsten van het leertraject: de kick-off en de teambijeenkomsten.',
    },
    status: { listCredentialUrl: statusListUrl(issuer.url, input.statusListId), index: input.statusListIndex },
  });
  // Signed as of the issue: the same moment as validFrom (whole seconds, as Data Integrity writes it).
  const created = input.issuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (await signCredential(unsigned, issuer.key, {
    documentLoader: issuer.documentLoader,
    created,
  })) as unknown as Record<string, unknown>;
}
