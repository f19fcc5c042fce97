import pg from 'pg';
import { runMigrations } from '../../src/database/migrate.js';
import {
  asRole,
  jestWorker,
  TEST_OWNER_ROLE,
  TEST_PG_URL,
  TEST_RUNTIME_ROLE,
  testDatabaseName,
  withDatabase,
} from './test-env.js';

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

async function isReady(admin: pg.Client, db: string): Promise<boolean> {
  const { rows } = await admin.query<{ d: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = $1`,
    [db],
  );
  return rows[0]?.d === 'migrated';
}

/**
 * This Jest worker's template: a copy of the run's migrated template (the first file of the run
 * migrates that one, under a lock). Each worker's files clone their own, so two workers never clone
 * one template at the same instant, which PostgreSQL refuses (55006).
 */
async function workerTemplate(admin: pg.Client, template: string): Promise<string> {
  const mine = `${template}_w${jestWorker()}`;
  if (await isReady(admin, mine)) return mine;
  await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
  try {
    if (!(await isReady(admin, template))) {
      // Quiet: the migrations' log would print in the middle of the first test file's output.
      await runMigrations(asRole(withDatabase(TEST_PG_URL, template), TEST_OWNER_ROLE), TEST_RUNTIME_ROLE, {
        quiet: true,
      });
      await admin.query(`COMMENT ON DATABASE "${template}" IS 'migrated'`);
    }
    if (!(await isReady(admin, mine))) {
      await admin.query(`DROP DATABASE IF EXISTS "${mine}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${mine}" TEMPLATE "${template}" OWNER ${TEST_OWNER_ROLE}`);
      await admin.query(`COMMENT ON DATABASE "${mine}" IS 'migrated'`);
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
  }
  return mine;
}

/**
 * A fresh database cloned from the worker's migrated template (tables owned by the owner role); drop
 * it in afterAll (the global teardown drops what a failed file left).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.MWF_TEST_TEMPLATE;
  if (!template) throw new Error('MWF_TEST_TEMPLATE is not set: run the tests through jest (global setup)');
  const name = testDatabaseName();
  await withAdmin(async (admin) => {
    const source = await workerTemplate(admin, template);
    // Two databases of one file cloned at the same instant: PostgreSQL refuses the second (55006); retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${source}" OWNER ${TEST_OWNER_ROLE}`);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== '55006' || attempt > 100) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  });
  return databaseNamed(name);
}

/** A new empty database owned by the tests' owner role (what a restore goes into); drop it as above. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const name = testDatabaseName();
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}" OWNER ${TEST_OWNER_ROLE}`));
  return databaseNamed(name);
}

function databaseNamed(name: string): TestDatabase {
  return {
    name,
    url: asRole(withDatabase(TEST_PG_URL, name), TEST_RUNTIME_ROLE),
    ownerUrl: asRole(withDatabase(TEST_PG_URL, name), TEST_OWNER_ROLE),
    drop: () =>
      withAdmin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}
