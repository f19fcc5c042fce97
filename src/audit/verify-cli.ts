import 'reflect-metadata';
import { createPublicKey, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { publicKeyId, verifyManifest } from '../signing/signatures.js';
import { DEV_SIGNING_KEY_PATH } from '../signing/signing-key.service.js';
import { createDataSource } from '../database/data-source.js';
import { loadConfig } from '../config/app-config.js';
import {
  checkpointStatement,
  latestCheckpoint,
  type SignedCheckpoint,
  verifyAuditChain,
} from './audit-chain.js';

/**
 * `npm run audit:verify [-- --checkpoint saved.json] [--public-key key.pem]`: checks every chain,
 * and the log against the last signed checkpoint in the database and, when given, a checkpoint
 * kept outside it (the body of GET /audit/checkpoints/latest). Signatures are checked with the
 * public key given, else the public half of SIGNING_KEY (or the development key). Exits 1 naming
 * the problem, its stream and the first bad entry.
 */
const { values: args } = parseArgs({
  options: { checkpoint: { type: 'string' }, 'public-key': { type: 'string' } },
});
const url = process.env.DATABASE_URL || loadConfig().DATABASE_URL;

function publicKeyPem(): string {
  if (args['public-key']) return readFileSync(args['public-key'], 'utf8');
  const pem = process.env.SIGNING_KEY ?? readFileSync(DEV_SIGNING_KEY_PATH, 'utf8');
  return createPublicKey(createPrivateKey(pem.replace(/\\n/g, '\n')))
    .export({ type: 'spki', format: 'pem' })
    .toString();
}
const key = createPublicKey(publicKeyPem());
const keyId = publicKeyId(key);
const signatureIsValid = (c: SignedCheckpoint) =>
  c.publicKeyId === keyId && verifyManifest(checkpointStatement(c), c.signature, key);
const kept = args.checkpoint ? [JSON.parse(readFileSync(args.checkpoint, 'utf8')) as SignedCheckpoint] : [];

const ds = createDataSource(url, 2);
await ds.initialize();
try {
  const result = await ds.transaction('REPEATABLE READ', async (em) => {
    const latest = await latestCheckpoint(em);
    return verifyAuditChain(em, { checkpoints: latest ? [latest, ...kept] : kept, signatureIsValid });
  });
  const against = result.checkpointId ? ` against checkpoint ${result.checkpointId}` : ' (no checkpoint yet)';
  if (result.ok) {
    console.log(`Audit log OK${against}: ${result.checked} entries checked.`);
  } else {
    const where = result.firstBadId ? `first bad entry id ${result.firstBadId}` : 'no entry to name';
    console.error(
      `Audit log FAILED (${result.problem})${result.stream ? ` in stream ${result.stream}` : ''}${against}: ` +
        `${where}; ${result.checked} entries checked.`,
    );
    if (result.firstBadId) console.log(result.firstBadId);
    process.exitCode = 1;
  }
} finally {
  await ds.destroy();
}
