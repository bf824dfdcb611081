import { exportKeyPair, generateKeyPair } from '../../api/src/credentials/index';
import { issuerIdFor } from '../../api/src/lib/issuer';
import type { SeedSigning } from '../../api/src/seed';

/**
 * A fresh issuer key for a test's seed, to give to buildApp as well: the seeded certificates then
 * verify against the key the API publishes.
 */
export async function testSigning(publicUrl = 'http://localhost:3000'): Promise<SeedSigning> {
  return { publicUrl, issuerKey: exportKeyPair(await generateKeyPair(issuerIdFor(publicUrl))) };
}
