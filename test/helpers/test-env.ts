import { randomBytes } from 'node:crypto';

/** Where the tests find PostgreSQL and Redis (the shared servers of STACK.md unless told otherwise). */
export const TEST_PG_URL =
  process.env.TEST_DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgres://postgres:postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * The two roles of the tests (made by test/global-setup.ts, as the compose file and the demo make
 * theirs): migrations run as the owner of the tables, the app connects as the runtime role, which
 * owns nothing and may only read and append to the audit tables.
 */
export const TEST_OWNER_ROLE = 'mwf_test_owner';
export const TEST_RUNTIME_ROLE = 'mwf_test_app';

/** The URL as another role (its password is its name). */
export function asRole(url: string, role: string): string {
  const u = new URL(url);
  u.username = role;
  u.password = role;
  return u.toString();
}

/**
 * What every database and Redis key prefix of this Jest run starts with (set by test/global-setup.ts:
 * its start time and pid), so the global teardown removes whatever a test left behind, and two runs
 * at once never touch each other's. Outside Jest, a tag of this process.
 */
export function testRunTag(): string {
  return (process.env.MWF_TEST_RUN ??= `${Date.now()}_${process.pid}`);
}

/** The Jest worker this file runs in (1 when in band). */
export const jestWorker = () => process.env.JEST_WORKER_ID ?? '1';

/** A new database name of this run (`mwf_t_<run>_w<worker>_<random>`). */
export function testDatabaseName(): string {
  return `mwf_t_${testRunTag()}_w${jestWorker()}_${randomBytes(4).toString('hex')}`;
}

/** A new Redis key prefix of this run (`mwf-test-<run>-<random>`). */
export function testQueuePrefix(): string {
  return `mwf-test-${testRunTag()}-${randomBytes(6).toString('hex')}`;
}
