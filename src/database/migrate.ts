import { Logger } from '@nestjs/common';
import { createDataSource } from './data-source.js';
import { grantRuntimeRole } from './runtime-grants.js';

/** Arbitrary constant: the advisory lock that serialises migration runs across processes. */
const MIGRATION_LOCK = 7_404_001;

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so processes that start together
 * do not race: the first migrates, the others wait and then find nothing to do. `databaseUrl` is
 * the owner's (MIGRATION_DATABASE_URL); then, under the same lock, the runtime role (the user of
 * DATABASE_URL) is granted what it needs (src/database/runtime-grants.ts). `quiet`: no log lines
 * (the tests' template).
 */
export async function runMigrations(
  databaseUrl: string,
  runtimeRole?: string,
  options: { quiet?: boolean } = {},
): Promise<string[]> {
  const logger = options.quiet ? { log: () => undefined } : new Logger('Migrations');
  const ds = createDataSource(databaseUrl, 2);
  await ds.initialize();
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const done = await ds.runMigrations({ transaction: 'each' });
    if (done.length) logger.log(`applied ${done.map((m) => m.name).join(', ')}`);
    if (runtimeRole && (await grantRuntimeRole(runner, runtimeRole))) {
      if (done.length) logger.log(`granted the runtime role "${runtimeRole}" its privileges`);
    }
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await ds.destroy();
  }
}
