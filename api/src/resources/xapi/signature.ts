import { base64url, compactVerify, decodeProtectedHeader, importX509 } from 'jose';
import { sameStatement } from './rules';
import { type Json, normalStatement } from './shape';

/** xAPI 1.0.3 signed statements (Data 2.6): a JWS over the statement, attached with this usage type. */
export const signatureUsage = 'http://adlnet.gov/expapi/attachments/signature';

const algorithms = new Set(['RS256', 'RS384', 'RS512']);

/** The statement as it was before its signature was attached: what the JWS payload must be. */
function unsigned(statement: Json): Json {
  const { attachments, ...rest } = statement;
  const others = (Array.isArray(attachments) ? attachments : []).filter(
    (attachment) => (attachment as { usageType?: unknown } | null)?.usageType !== signatureUsage,
  );
  return others.length > 0 ? { ...rest, attachments: others } : rest;
}

/**
 * Why a signed statement's signature is not acceptable, or null when it is: a compact JWS with an
 * RS256/384/512 header whose payload is the statement; with an `x5c` certificate, verified by it.
 */
export async function signatureProblem(statement: Json, jws: Buffer): Promise<string | null> {
  const compact = jws.toString('utf8').trim();
  const segments = compact.split('.');
  if (segments.length !== 3) return 'is not a JWS in compact serialisation';
  let header: { alg?: string; x5c?: string[] };
  let payload: unknown;
  try {
    header = decodeProtectedHeader(compact) as typeof header;
    payload = JSON.parse(new TextDecoder().decode(base64url.decode(segments[1] ?? '')));
  } catch {
    return 'is not a JWS whose payload is JSON';
  }
  if (!header.alg || !algorithms.has(header.alg)) return 'must be signed with RS256, RS384 or RS512';
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return 'must sign a statement';
  if (!sameStatement(unsigned(normalStatement(payload as Json)), unsigned(statement))) {
    return 'signs another statement than this one';
  }
  const certificate = header.x5c?.[0];
  if (certificate) {
    try {
      const key = await importX509(
        `-----BEGIN CERTIFICATE-----\n${certificate}\n-----END CERTIFICATE-----`,
        header.alg,
      );
      await compactVerify(compact, key);
    } catch {
      return 'does not verify with the certificate in its x5c header';
    }
  }
  return null;
}
