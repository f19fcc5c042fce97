import { randomBytes } from 'node:crypto';

/**
 * Verification codes: 80 random bits written as 16 characters of Crockford base32 (no I, L, O, U),
 * shown in groups of four (`7K3M-Q9ZD-...`). Reading is forgiving: case, dashes and spaces are
 * ignored, and O/I/L read as 0/1/1, as Crockford's alphabet intends.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 16;

export function encodeBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function newVerificationCode(): string {
  return encodeBase32(randomBytes(10)); // 80 bits = 16 characters exactly
}

/** The stored form of a code as someone typed it, or null when it cannot be one. */
export function normalizeVerificationCode(input: string): string | null {
  if (input.length > 64) return null;
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== CODE_LENGTH) return null;
  for (const ch of s) if (!ALPHABET.includes(ch)) return null;
  return s;
}

export function formatVerificationCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}
