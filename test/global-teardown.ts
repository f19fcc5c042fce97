import { Redis } from 'ioredis';
import pg from 'pg';

/** As in test/global-setup.ts: a run older than this is not running any more. */
const STALE_MS = 3 * 60 * 60 * 1000;

/**
 * Removes everything of this run (test/global-setup.ts named it): the template databases, any test
 * database or Redis key a file left behind (a failed `beforeAll`, a process killed on purpose).
 * Like the setup, it imports nothing of ours.
 */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.MWF_TEST_RUN;
  if (!run) return;
  await Promise.all([dropDatabases(run), removeKeys(run)]);
}

async function dropDatabases(run: string): Promise<void> {
  const base =
    process.env.TEST_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres:postgres@127.0.0.1:5432/postgres';
  const url = new URL(base);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1) OR starts_with(datname, $2)`,
      [`mwf_tpl_${run}`, `mwf_t_${run}_`],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * This run's keys, and those of runs killed before their teardown (old enough not to be running;
 * the setup drops their databases).
 */
async function removeKeys(run: string): Promise<void> {
  const removable = (key: string) =>
    key.startsWith(`mwf-test-${run}-`) || Date.now() - Number(/^mwf-test-(\d+)_/.exec(key)?.[1]) > STALE_MS;
  const redis = new Redis(process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'mwf-test-*', 'COUNT', 1000);
      cursor = next;
      const gone = keys.filter(removable);
      if (gone.length) await redis.unlink(...gone);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
