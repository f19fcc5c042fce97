import argon2 from 'argon2';

/**
 * Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 20-40 ms on one core,
 * so a login stays cheap for the server yet slow to brute-force. `verify` reads the parameters from
 * the hash, so raising them later only affects new hashes.
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

/** True when `hash` was made with other parameters than `hashPassword` uses today (or is not argon2). */
export function needsRehash(hash: string): boolean {
  try {
    return !hash.startsWith('$argon2id$') || argon2.needsRehash(hash, OPTIONS);
  } catch {
    return true;
  }
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    // A malformed hash never matches.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real check, for an unknown username, so response times do not
 * tell which usernames exist: the dummy hash is made by `hashPassword`, with the parameters every
 * stored hash has (the demo seed included; a login replaces an older hash).
 */
export async function verifyDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('dummy-password-that-matches-nothing');
  await verifyPassword(await dummyHash, password);
  return false;
}
