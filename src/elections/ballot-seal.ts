import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';

/**
 * Sealed ballots: a ballot (its receipt and choices) encrypted to its election's X25519 public key,
 * so the database holds it without being able to read it until the mix opens it (see README,
 * "Secrecy"). ECIES with Node's public crypto only: an ephemeral X25519 key (see BallotSealer), its
 * shared secret with the election's key through HKDF-SHA256 to an AES-256-GCM key.
 *
 * Sealed form: version (1 byte) | ephemeral public key (32) | nonce (12) | ciphertext | tag (16).
 * The plaintext has one length per election (padded to `maxChoices`), so the size of a sealed
 * ballot does not tell how many candidates it names.
 */

const VERSION = 1;
const RAW_KEY = 32;
const NONCE = 12;
const TAG = 16;
const UUID_BYTES = 16;
const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/;
const RECEIPT_BYTES = 23;
/** PKCS#8 DER prefix of a raw X25519 private key (RFC 8410), so 32 derived bytes become a key. */
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const KEY_INFO = 'mwf election ballot key v1';
const SEAL_INFO = 'mwf sealed ballot v1';

export interface BallotKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface OpenBallot {
  receipt: string;
  /** Candidate ids, as sealed (sorted by the caller). */
  choices: string[];
}

/**
 * The election's key pair, derived from the server's ballot secret and the election's id (HKDF):
 * nothing about it is stored anywhere, and the same secret always gives the same key, so any
 * process with the secret can seal and open the election's ballots.
 */
export function electionBallotKey(secret: string, electionId: string): BallotKeyPair {
  const raw = Buffer.from(hkdfSync('sha256', secret, electionId, KEY_INFO, RAW_KEY));
  const privateKey = createPrivateKey({
    key: Buffer.concat([X25519_PKCS8_PREFIX, raw]),
    format: 'der',
    type: 'pkcs8',
  });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

const rawPublic = (key: KeyObject): Buffer => Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');

function sealingKey(shared: Buffer, ephemeral: Buffer, recipient: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), SEAL_INFO, 32));
}

/** The plaintext: receipt (23 ASCII bytes), the number of choices (1 byte), `maxChoices` UUID slots. */
function encode(ballot: OpenBallot, maxChoices: number): Buffer {
  if (!RECEIPT.test(ballot.receipt)) throw new Error('not a receipt');
  if (ballot.choices.length > maxChoices || maxChoices > 255) throw new Error('too many choices');
  const out = Buffer.alloc(RECEIPT_BYTES + 1 + maxChoices * UUID_BYTES);
  out.write(ballot.receipt, 0, 'ascii');
  out[RECEIPT_BYTES] = ballot.choices.length;
  ballot.choices.forEach((id, i) => {
    const hex = id.replace(/-/g, '');
    if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error('not a candidate id');
    out.write(hex, RECEIPT_BYTES + 1 + i * UUID_BYTES, 'hex');
  });
  return out;
}

function decode(plain: Buffer): OpenBallot {
  const receipt = plain.toString('ascii', 0, RECEIPT_BYTES);
  const n = plain[RECEIPT_BYTES];
  if (!RECEIPT.test(receipt) || RECEIPT_BYTES + 1 + n * UUID_BYTES > plain.length) {
    throw new Error('a sealed ballot opened to something that is not a ballot');
  }
  const choices: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = RECEIPT_BYTES + 1 + i * UUID_BYTES;
    const h = plain.toString('hex', at, at + UUID_BYTES);
    choices.push(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`);
  }
  return { receipt, choices };
}

/** How many ballots, and for how long, a `BallotSealer` uses one ephemeral key (then draws another). */
const EPHEMERAL_USES = 100_000;
const EPHEMERAL_MS = 10 * 60_000;

/**
 * Seals ballots to one election's public key. Drawing an X25519 key pair and agreeing on a key
 * costs about 0.2 ms, most of a ballot's sealing, so a sealer keeps its ephemeral key and the AES
 * key agreed with it for up to EPHEMERAL_USES ballots or EPHEMERAL_MS, with a fresh random nonce
 * per ballot (random 96-bit nonces are safe far beyond that many messages under one key). Ballots
 * sealed with one ephemeral key show it (the same 32 bytes): that says only that one process sealed
 * them in one stretch of time, which the sealed rows' own order says anyway; the box never holds it.
 */
export class BallotSealer {
  private current?: { raw: Buffer; key: Buffer; uses: number; until: number };

  constructor(private readonly publicKey: KeyObject) {}

  seal(ballot: OpenBallot, maxChoices: number): Buffer {
    const plain = encode(ballot, maxChoices);
    const { raw, key } = this.ephemeral();
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), raw, nonce, body, cipher.getAuthTag()]);
  }

  private ephemeral(): { raw: Buffer; key: Buffer } {
    const now = Date.now();
    if (!this.current || this.current.uses >= EPHEMERAL_USES || this.current.until <= now) {
      const pair = generateKeyPairSync('x25519');
      const raw = rawPublic(pair.publicKey);
      const shared = diffieHellman({ privateKey: pair.privateKey, publicKey: this.publicKey });
      this.current = {
        raw,
        key: sealingKey(shared, raw, rawPublic(this.publicKey)),
        uses: 0,
        until: now + EPHEMERAL_MS,
      };
    }
    this.current.uses++;
    return this.current;
  }
}

/** Seals one ballot to the election's public key with an ephemeral key of its own. */
export function sealBallot(publicKey: KeyObject, ballot: OpenBallot, maxChoices: number): Buffer {
  return new BallotSealer(publicKey).seal(ballot, maxChoices);
}

/**
 * Opens a sealed ballot with the election's private key; throws when it is not one (or not this
 * election's). `agreed` keeps the AES key of each ephemeral key met (the mix passes one map for all
 * of an election's ballots, which share few ephemeral keys).
 */
export function openBallot(
  keys: BallotKeyPair,
  sealed: Buffer,
  agreed = new Map<string, Buffer>(),
): OpenBallot {
  if (sealed.length < 1 + RAW_KEY + NONCE + TAG || sealed[0] !== VERSION) {
    throw new Error('not a sealed ballot');
  }
  const ephemeralRaw = sealed.subarray(1, 1 + RAW_KEY);
  const nonce = sealed.subarray(1 + RAW_KEY, 1 + RAW_KEY + NONCE);
  const body = sealed.subarray(1 + RAW_KEY + NONCE, sealed.length - TAG);
  const id = ephemeralRaw.toString('base64url');
  let key = agreed.get(id);
  if (!key) {
    const ephemeral = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: id }, format: 'jwk' });
    const shared = diffieHellman({ privateKey: keys.privateKey, publicKey: ephemeral });
    key = sealingKey(shared, ephemeralRaw, rawPublic(keys.publicKey));
    agreed.set(id, key);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
  return decode(Buffer.concat([decipher.update(body), decipher.final()]));
}
