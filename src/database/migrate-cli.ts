import { loadConfig } from '../config/app-config.js';
import { runMigrations } from './migrate.js';
import { runtimeRoleOf } from './runtime-grants.js';

/**
 * `npm run migration:run`: migrates as MIGRATION_DATABASE_URL (default DATABASE_URL) and grants
 * DATABASE_URL's user, the runtime role, what it needs. Needs only those two from the environment.
 */
const databaseUrl = process.env.DATABASE_URL || loadConfig().DATABASE_URL;
const migrationUrl = process.env.MIGRATION_DATABASE_URL || databaseUrl;
const applied = await runMigrations(migrationUrl, runtimeRoleOf(databaseUrl));
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply.');
