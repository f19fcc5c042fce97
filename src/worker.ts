import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config.js';
import { runMigrations } from './database/migrate.js';
import { runtimeRoleOf } from './database/runtime-grants.js';
import { createWorkerContext } from './worker-context.js';
import { exitAfterShutdownDeadline } from './ops/shutdown-deadline.js';

/** Entry point of a worker-only process (APP_ROLE=worker). */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.RUN_MIGRATIONS) {
    await runMigrations(config.migrationDatabaseUrl, runtimeRoleOf(config.DATABASE_URL));
  }
  await createWorkerContext(config);
  // SIGTERM: no new jobs, jobs in flight finish, pools close, exit 0 (ops/shutdown-deadline.ts).
  exitAfterShutdownDeadline('worker');
  console.log('Worker started');
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
