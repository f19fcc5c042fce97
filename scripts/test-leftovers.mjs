// What the test suites leave behind: their databases (mwf_tpl_*, mwf_t_*, web_e2e_*) and Redis keys
// (mwf-test-*, mwf-e2e-*), by the prefix each run gave them. Every run removes its own (test/global-
// teardown.ts, web/e2e/global-setup.ts), so `npm test` (scripts/test.sh) lists them before and fails
// when the suite left any that were not there before.
// Usage: node scripts/test-leftovers.mjs > before.txt; node scripts/test-leftovers.mjs --since before.txt
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';

const adminUrl = new URL(
  process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres',
);
adminUrl.pathname = '/postgres';
const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
const { rows } = await admin.query(
  `SELECT datname FROM pg_database WHERE datname ~ '^(mwf_tpl_|mwf_t_|web_e2e_)' ORDER BY datname`,
);
await admin.end();

const redis = new Redis(process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefixes = new Set();
for await (const keys of redis.scanStream({ match: 'mwf-*', count: 1000 })) {
  for (const key of keys) {
    const run = /^(mwf-(?:test|e2e)-[^:]+)/.exec(key)?.[1];
    if (run) prefixes.add(run);
  }
}
redis.disconnect();

const now = [...rows.map((r) => `database ${r.datname}`), ...[...prefixes].sort().map((p) => `redis keys ${p}*`)];
const since = process.argv.indexOf('--since');
if (since < 0) {
  for (const line of now) console.log(line);
} else {
  const before = new Set(readFileSync(process.argv[since + 1], 'utf8').split('\n'));
  const left = now.filter((line) => !before.has(line));
  if (left.length) {
    console.error(`The tests left these behind:\n  ${left.join('\n  ')}`);
    process.exit(1);
  }
  console.log('The tests left no database or Redis key behind.');
}
