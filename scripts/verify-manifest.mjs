#!/usr/bin/env node
// Checks a signed approval manifest offline, with nothing but Node's own crypto.
//
//   node scripts/verify-manifest.mjs <verification.json> <public-key.pem> [signed-file]
//   node scripts/verify-manifest.mjs --url https://dwf.example.gov.kh <CODE> [signed-file]
//
// <verification.json> is the answer of GET /api/v1/verify/<code> ('-' reads it from stdin);
// <public-key.pem> is the answer of GET /api/v1/verify/public-key. With --url both are fetched.
// The signature is Ed25519 over the UTF-8 bytes of the canonical manifest: JSON with every object's
// keys sorted, no whitespace. With a file, its SHA-256 must equal the manifest's `sha256`.
// Exit code: 0 valid, 1 invalid, 2 usage or input error.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

function canonicalize(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalize(v ?? null)).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalize(value[k])}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('not canonical JSON');
  return JSON.stringify(value);
}

function usage(message) {
  if (message) console.error(message);
  console.error(
    'usage: verify-manifest.mjs <verification.json|-> <public-key.pem> [file]\n' +
      '       verify-manifest.mjs --url <base-url> <code> [file]',
  );
  process.exit(2);
}

async function load(args) {
  if (args[0] === '--url') {
    const [, base, code, file] = args;
    if (!base || !code) usage();
    const root = base.replace(/\/$/, '');
    const v = await fetch(`${root}/api/v1/verify/${encodeURIComponent(code)}`);
    if (!v.ok) usage(`GET /verify/${code}: ${v.status} ${await v.text()}`);
    const k = await fetch(`${root}/api/v1/verify/public-key`);
    if (!k.ok) usage(`GET /verify/public-key: ${k.status}`);
    return { answer: await v.json(), pem: await k.text(), file };
  }
  const [jsonPath, pemPath, file] = args;
  if (!jsonPath || !pemPath) usage();
  const text = jsonPath === '-' ? readFileSync(0, 'utf8') : readFileSync(jsonPath, 'utf8');
  return { answer: JSON.parse(text), pem: readFileSync(pemPath, 'utf8'), file };
}

const { answer, pem, file } = await load(process.argv.slice(2)).catch((err) =>
  usage(String(err.message ?? err)),
);
const { manifest, signature } = answer;
if (!manifest || typeof signature !== 'string') usage('the JSON has no manifest and signature');

const problems = [];
let key;
try {
  key = createPublicKey(pem);
} catch {
  usage('the public key is not a PEM public key');
}
const signed = verify(
  null,
  Buffer.from(canonicalize(manifest), 'utf8'),
  key,
  Buffer.from(signature, 'base64'),
);
if (!signed) problems.push('the signature does not match the manifest and key');

// What the page shows must be what was signed.
for (const field of ['referenceNumber', 'title', 'sha256', 'approvedAt']) {
  if (answer[field] !== undefined && answer[field] !== manifest[field]) {
    problems.push(`${field} shown (${answer[field]}) differs from the signed manifest (${manifest[field]})`);
  }
}
if (file) {
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  if (sha256 !== manifest.sha256)
    problems.push(`the file's SHA-256 ${sha256} is not the signed ${manifest.sha256}`);
}

if (problems.length) {
  console.log(`INVALID: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(
  `VALID: ${manifest.referenceNumber} "${manifest.title}", approved ${manifest.approvedAt}, ` +
    `${manifest.signers.length} signer(s), SHA-256 ${manifest.sha256}${file ? ' (file matches)' : ''}`,
);
