import pg from 'pg';

// Jest loads this file as CommonJS outside the ESM test runtime, so it imports nothing of ours:
// it only names the run's template database; the first test file to need it migrates it.
const STALE_MS = 3 * 60 * 60 * 1000;
/** As in test/helpers/test-env.ts: the owner of the tables and the runtime role (password = name). */
const ROLES = ['mwf_test_owner', 'mwf_test_app'];

/** Creates the tests' roles once (several runs may race: the loser finds the role there). */
async function ensureRoles(admin: pg.Client): Promise<void> {
  for (const role of ROLES) {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (rowCount) continue;
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${role}'`);
    } catch (err) {
      // 42710: it exists; 23505: another run created it at the same instant.
      if (!['42710', '23505'].includes((err as { code?: string }).code ?? '')) throw err;
    }
  }
}

export default async function globalSetup(): Promise<void> {
  const base =
    process.env.TEST_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres:postgres@127.0.0.1:5432/postgres';
  const url = new URL(base);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    // Leftovers of runs that were killed, old enough not to belong to a run still going.
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname ~ '^mwf_(tpl|t)_[0-9]+'`,
    );
    for (const { datname } of rows) {
      const started = Number(/^mwf_(?:tpl|t)_(\d+)/.exec(datname)?.[1]);
      if (Date.now() - started > STALE_MS)
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await ensureRoles(admin);
    // The run's tag starts every database and Redis key prefix its tests make (test/helpers/test-env.ts):
    // the global teardown removes them all, whatever a failed test left.
    const run = `${Date.now()}_${process.pid}`;
    const template = `mwf_tpl_${run}`;
    await admin.query(`CREATE DATABASE "${template}" OWNER ${ROLES[0]}`);
    process.env.MWF_TEST_RUN = run;
    process.env.MWF_TEST_TEMPLATE = template;
  } finally {
    await admin.end();
  }
}
