import { randomFillSync } from 'node:crypto';

/** Crockford base32: no I, L, O, U, so a receipt read aloud or copied by hand is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 20;

/**
 * CSPRNG bytes drawn 200 receipts at a time, as Node's own randomUUID() keeps a cache: each call
 * into OpenSSL costs about 3.5 µs here whatever its size, one per ballot otherwise. Each byte is
 * handed out once.
 */
const pool = Buffer.alloc(LENGTH * 200);
let used = pool.length;

/** A voter's receipt: 20 random base32 characters (100 bits) in groups of five, e.g. `K7QM4-XW2PD-9TRHA-3NVCE`. */
export function newReceipt(): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const at = used;
  used += LENGTH;
  let s = '';
  for (let i = 0; i < LENGTH; i++) {
    if (i > 0 && i % 5 === 0) s += '-';
    s += ALPHABET[pool[at + i] & 31]; // 256 is a multiple of 32: uniform
  }
  return s;
}
