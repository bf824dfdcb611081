import { createHmac } from 'node:crypto';

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Hand-made JWTs for the cases a correct signer never produces (other algorithms, other keys). */
export function forgeToken(header: object, payload: object, key: string | null, hmac = 'sha256'): string {
  const unsigned = `${encode(header)}.${encode(payload)}`;
  if (key === null) return `${unsigned}.`;
  return `${unsigned}.${createHmac(hmac, key).update(unsigned).digest('base64url')}`;
}
