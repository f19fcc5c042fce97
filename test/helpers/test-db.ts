import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runMigrations } from '../../src/database/migrate.js';
import { asRole, TEST_OWNER_ROLE, TEST_PG_URL, TEST_RUNTIME_ROLE, withDatabase } from './test-env.js';

export interface TestDatabase {
  name: string;
  /** As the runtime role (what the app connects as). */
  url: string;
  /** As the owner of the tables (what migrations run as). */
  ownerUrl: string;
  drop(): Promise<void>;
}

const TEMPLATE_LOCK = 7_404_002;

async function withAdmin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: withDatabase(TEST_PG_URL, 'postgres') });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** Migrates the run's template once (the first file to get here does it, under a lock). */
async function ensureTemplate(admin: pg.Client, template: string): Promise<void> {
  const ready = async () =>
    (
      await admin.query<{ d: string | null }>(
        `SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = $1`,
        [template],
      )
    ).rows[0]?.d === 'migrated';
  if (await ready()) return;
  await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
  try {
    if (await ready()) return;
    await runMigrations(asRole(withDatabase(TEST_PG_URL, template), TEST_OWNER_ROLE), TEST_RUNTIME_ROLE);
    await admin.query(`COMMENT ON DATABASE "${template}" IS 'migrated'`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
  }
}

/** A fresh database cloned from the run's migrated template (tables owned by the owner role); drop it in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.MWF_TEST_TEMPLATE;
  if (!template) throw new Error('MWF_TEST_TEMPLATE is not set: run the tests through jest (global setup)');
  const name = `mwf_t_${Date.now()}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (admin) => {
    await ensureTemplate(admin, template);
    // Two files cloning one template at the same instant: PostgreSQL refuses the second (55006); retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}" OWNER ${TEST_OWNER_ROLE}`);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== '55006' || attempt > 100) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  });
  return {
    name,
    url: asRole(withDatabase(TEST_PG_URL, name), TEST_RUNTIME_ROLE),
    ownerUrl: asRole(withDatabase(TEST_PG_URL, name), TEST_OWNER_ROLE),
    drop: () =>
      withAdmin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}
