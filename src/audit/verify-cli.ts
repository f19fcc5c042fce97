import 'reflect-metadata';
import { createDataSource } from '../database/data-source.js';
import { loadConfig } from '../config/app-config.js';
import { verifyAuditChain } from './audit-chain.js';

/** `npm run audit:verify`: checks every chain; exits 1 naming the first bad entry. */
const url = process.env.DATABASE_URL ?? loadConfig().DATABASE_URL;
const ds = createDataSource(url, 2);
await ds.initialize();
try {
  const result = await ds.transaction('REPEATABLE READ', (em) => verifyAuditChain(em));
  if (result.ok) {
    console.log(`Audit log OK: ${result.checked} entries checked.`);
  } else {
    const where = result.firstBadId ? `first bad entry id ${result.firstBadId}` : 'no entry';
    console.error(
      `Audit log FAILED (${result.problem}) in stream ${result.stream}: ${where}; ${result.checked} entries checked.`,
    );
    if (result.firstBadId) console.log(result.firstBadId);
    process.exitCode = 1;
  }
} finally {
  await ds.destroy();
}
