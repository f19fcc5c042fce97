import { randomBytes } from 'node:crypto';

/** Crockford base32: no I, L, O, U, so a receipt read aloud or copied by hand is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A voter's receipt: 20 random base32 characters (100 bits) in groups of five, e.g. `K7QM4-XW2PD-9TRHA-3NVCE`. */
export function newReceipt(): string {
  const bytes = randomBytes(20);
  let s = '';
  for (let i = 0; i < 20; i++) {
    if (i > 0 && i % 5 === 0) s += '-';
    s += ALPHABET[bytes[i] & 31]; // 256 is a multiple of 32: uniform
  }
  return s;
}
