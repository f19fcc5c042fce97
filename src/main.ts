import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config.js';
import { runMigrations } from './database/migrate.js';
import { runtimeRoleOf } from './database/runtime-grants.js';
import { createHttpApp } from './bootstrap.js';
import { createWorkerContext } from './worker-context.js';
import { exitAfterShutdownDeadline } from './ops/shutdown-deadline.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.RUN_MIGRATIONS) {
    await runMigrations(config.migrationDatabaseUrl, runtimeRoleOf(config.DATABASE_URL));
  }
  if (config.APP_ROLE === 'worker') {
    await createWorkerContext(config);
    exitAfterShutdownDeadline('worker');
    console.log('Worker started');
    return;
  }
  const app = await createHttpApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
  // SIGTERM drains HTTP, finishes jobs in flight (role all), closes pools, exits 0 (ops/shutdown-deadline.ts).
  exitAfterShutdownDeadline('api');
  // getUrl() names 127.0.0.1 for a wildcard address: say that the other addresses answer too.
  const everywhere = ['0.0.0.0', '::'].includes(config.HOST)
    ? `, and on every address of this machine (HOST=${config.HOST})`
    : '';
  console.log(`API listening on ${await app.getUrl()}${everywhere} (role ${config.APP_ROLE}); docs at /docs`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
