import { hkdfSync } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';

/**
 * Secrets Loket must use again (an identity provider's client secret) are kept as JWE (direct
 * AES-256-GCM), with a key derived from JWT_SECRET: a copy of the database alone does not reveal
 * them. Changing JWT_SECRET makes them unreadable; they are then entered again.
 */
export class Sealer {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new Uint8Array(hkdfSync('sha256', secret, 'loket', 'sealed secrets', 32));
  }

  seal(plaintext: string): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(plaintext))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(this.key);
  }

  /** The secret, or undefined when it was sealed with another key. */
  async open(sealed: string): Promise<string | undefined> {
    try {
      const { plaintext } = await compactDecrypt(sealed, this.key);
      return new TextDecoder().decode(plaintext);
    } catch {
      return undefined;
    }
  }
}
