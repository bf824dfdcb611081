import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { exportKeyPair, generateKeyPair, type KeyPairJson } from './credentials/index';

/**
 * A development secret kept in the data directory: made on first start, reused after, readable
 * by this user only. Production passes its secrets through the environment instead.
 */
export async function loadOrCreateSecret(file: string): Promise<string> {
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** The issuer's signing key: from configuration, or made once and kept in the data directory. */
export async function loadOrCreateIssuerKey(
  configured: string | undefined,
  file: string,
  issuerId: string,
): Promise<KeyPairJson> {
  if (configured) return JSON.parse(configured) as KeyPairJson;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as KeyPairJson;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = exportKeyPair(await generateKeyPair(issuerId));
  await writeFile(file, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
  return key;
}
