import { hash, verify } from '@node-rs/argon2';

/** argon2id with the OWASP-recommended minimum (19 MiB, 2 passes). */
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1, algorithm: 2 } as const;

export const hashPassword = (password: string) => hash(password, options);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Spent on unknown accounts too, so the answer time does not tell whether an account exists. */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('loket-no-such-account-placeholder');
  await verifyPassword(await dummyHash, password);
  return false;
}

const commonPasswords = new Set([
  'password',
  'password1',
  'password123',
  'wachtwoord',
  'wachtwoord1',
  'welkom01',
  'welkom123',
  'qwertyuiop',
  '1234567890',
  '12345678910',
  'bibliotheek',
  'bibliotheek1',
  'iloveyou12',
  'administrator',
]);

/**
 * Rules a person can live with (after NIST SP 800-63B): long enough, not absurdly long, not a
 * well-known password and not the email address. No composition rules. Returns the problem, or null.
 */
export function passwordProblem(password: string, email: string): string | null {
  if ([...password].length < 10) return 'Use at least 10 characters; a short sentence works well.';
  if (password.length > 256) return 'Use at most 256 characters.';
  if (commonPasswords.has(password.toLowerCase())) return 'This password is too common; choose another.';
  if (password.toLowerCase() === email.toLowerCase()) return 'The password must differ from the email address.';
  if (new Set(password).size < 4) return 'Use more different characters.';
  return null;
}
