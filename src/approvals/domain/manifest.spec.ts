import { generateKeyPairSync } from 'node:crypto';
import { canonicalize, publicKeyId, signManifest, verifyManifest } from '../../signing/signatures.js';
import { metadataDiff } from './metadata-diff.js';
import { encodeBase32, newVerificationCode, normalizeVerificationCode } from './verification-code.js';
import { formatReferenceNumber } from './reference-number.js';

describe('manifest', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const pubPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  it('canonicalises with sorted keys at every level', () => {
    expect(canonicalize({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'ក្រសួង' }, u: undefined })).toBe(
      '{"a":{"c":"ក្រសួង","d":[2,{"y":null,"z":1}]},"b":1}',
    );
    expect(() => canonicalize({ x: NaN })).toThrow();
  });

  it('signs and verifies; any change breaks the signature', () => {
    const m = { referenceNumber: 'ICT/2026/00001', title: 'ផែនការថវិកា', signers: [{ name: 'A', at: 'x' }] };
    const sig = signManifest(m, pem);
    expect(verifyManifest({ ...m }, sig, pubPem)).toBe(true);
    expect(
      verifyManifest({ signers: m.signers, title: m.title, referenceNumber: m.referenceNumber }, sig, pubPem),
    ).toBe(true);
    expect(verifyManifest({ ...m, title: 'ផែនការថវិកា ' }, sig, pubPem)).toBe(false);
    expect(verifyManifest(m, 'not base64!!', pubPem)).toBe(false);
    expect(verifyManifest(m, sig, 'not a key')).toBe(false);
    expect(publicKeyId(privateKey)).toBe(publicKeyId(publicKey));
    expect(publicKeyId(publicKey)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('verification codes', () => {
  it('are 16 Crockford base32 characters (80 bits)', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => newVerificationCode()));
    expect(codes.size).toBe(1000);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(encodeBase32(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]))).toBe('ZZZZZZZZ');
  });

  it('read forgivingly', () => {
    expect(normalizeVerificationCode('abcd-efgh-jkmn-pqrs')).toBe('ABCDEFGHJKMNPQRS');
    expect(normalizeVerificationCode('oooo iiii llll 0000')).toBe('0000111111110000');
    expect(normalizeVerificationCode('ABCD')).toBeNull();
    expect(normalizeVerificationCode('ABCDEFGHJKMNPQRU')).toBeNull();
  });
});

describe('reference numbers and metadata diff', () => {
  it('formats UNIT/YEAR/NNNNN', () => {
    expect(formatReferenceNumber('ICT', 2026, 42)).toBe('ICT/2026/00042');
  });
  it('lists changed fields', () => {
    expect(metadataDiff({ amount: 1, a: 'x' }, { amount: 2, b: 'y', a: 'x' })).toEqual([
      { field: 'amount', from: 1, to: 2 },
      { field: 'b', from: null, to: 'y' },
    ]);
  });
});
