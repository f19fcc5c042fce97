import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { isSqlFunction, sqlFunctionVersion, type SqlFunction } from '../../src/database/sql-function.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.js';

/**
 * Every database function and trigger has a source file, and the migrations leave exactly what the
 * files say (src/database/README.md, "Database functions"); the functions' counterpart of the
 * schema-drift test.
 */
const SRC = resolve(import.meta.dirname, '../../src');
const MIGRATIONS = resolve(import.meta.dirname, '../../migrations');

interface SourceFile {
  /** relative to src/ */
  path: string;
  /** the database functions it exports, by export name */
  functions: [string, SqlFunction][];
}

/** The `src/<module>/sql/*.sql.ts` files and the database functions each exports. */
async function sourceFiles(): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  for (const module of readdirSync(SRC, { withFileTypes: true })) {
    if (!module.isDirectory()) continue;
    const dir = join(SRC, module.name, 'sql');
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.sql.ts'));
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(dir, name);
      const exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
      files.push({
        path: relative(SRC, path),
        functions: Object.entries(exports).filter((e): e is [string, SqlFunction] => isSqlFunction(e[1])),
      });
    }
  }
  return files;
}

/** Our functions in the schema (not an extension's), by signature. */
async function functionDefinitions(c: pg.Client): Promise<Map<string, string>> {
  const { rows } = await c.query<{ signature: string; def: string; acl: string | null }>(
    `SELECT p.oid::regprocedure::text AS signature, pg_get_functiondef(p.oid) AS def, p.proacl::text AS acl
       FROM pg_proc p
      WHERE p.pronamespace = current_schema()::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
  );
  return new Map(rows.map((r) => [r.signature, `${r.def}\n-- privileges: ${r.acl ?? 'default'}`]));
}

/** Every trigger a user made, by table and name. */
async function triggerDefinitions(c: pg.Client): Promise<Map<string, string>> {
  const { rows } = await c.query<{ key: string; def: string; enabled: string }>(
    `SELECT tgrelid::regclass::text || '.' || tgname AS key, pg_get_triggerdef(oid) AS def, tgenabled AS enabled
       FROM pg_trigger WHERE NOT tgisinternal`,
  );
  return new Map(rows.map((r) => [r.key, `${r.def} (${r.enabled})`]));
}

/**
 * The versions each migration applies (`applySqlFunction(queryRunner, EXPORT_NAME, 'version')`),
 * oldest migration first: export name -> [migration file, version][].
 */
function appliedVersions(): Map<string, [string, string][]> {
  const applied = new Map<string, [string, string][]>();
  const files = readdirSync(MIGRATIONS)
    .filter((n) => /^\d+-.*\.ts$/.test(n))
    .sort((a, b) => Number(a.split('-')[0]) - Number(b.split('-')[0]) || a.localeCompare(b));
  for (const file of files) {
    const text = readFileSync(join(MIGRATIONS, file), 'utf8');
    for (const [, name, version] of text.matchAll(/applySqlFunction\(\s*\w+,\s*(\w+),\s*'([^']*)'/g)) {
      applied.set(name, [...(applied.get(name) ?? []), [file, version]]);
    }
  }
  return applied;
}

const sorted = <V>(m: Map<string, V>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));

describe('database functions and their source files', () => {
  let db: TestDatabase;
  let owner: pg.Client;
  let files: SourceFile[];
  beforeAll(async () => {
    db = await createTestDatabase();
    owner = new pg.Client({ connectionString: db.ownerUrl });
    await owner.connect();
    files = await sourceFiles();
  });
  afterAll(async () => {
    await owner.end();
    await db.drop();
  });

  it('finds one function per file, named as the file is', () => {
    const functionFiles = files.filter((f) => f.functions.length > 0);
    expect(functionFiles.length).toBeGreaterThan(0);
    for (const { path, functions } of functionFiles) {
      expect({ path, count: functions.length }).toEqual({ path, count: 1 });
      const [[, fn]] = functions;
      const name = fn.signature.slice(0, fn.signature.indexOf('('));
      expect({ path, name }).toEqual({ path, name: basename(path, '.sql.ts').replace(/-/g, '_') });
      const creates = fn.sql.match(/CREATE\s+OR\s+REPLACE\s+FUNCTION\s+([a-z_][a-z0-9_]*)\s*\(/gi) ?? [];
      expect({ path, creates: creates.map((c) => c.replace(/\s+/g, ' ')) }).toEqual({
        path,
        creates: [`CREATE OR REPLACE FUNCTION ${name}(`],
      });
    }
  });

  it('has a source file for every function of the migrated database, and a function for every file', async () => {
    const inDatabase = [...(await functionDefinitions(owner)).keys()].sort();
    const inFiles = files.flatMap((f) => f.functions.map(([, fn]) => fn.signature)).sort();
    expect(inDatabase).toEqual(inFiles);
  });

  it('recreates each function and its triggers exactly as the migrations left them', async () => {
    const definitions = await functionDefinitions(owner);
    const triggers = await triggerDefinitions(owner);
    for (const { path, functions } of files) {
      if (functions.length === 0) continue;
      const [[, fn]] = functions;
      // Drop the function (and the triggers that run it), then run its file: what the migrations
      // built must come back, no more and no less. Rolled back.
      await owner.query('BEGIN');
      try {
        await owner.query(`DROP FUNCTION ${fn.signature} CASCADE`);
        await owner.query(fn.sql);
        const again = await functionDefinitions(owner);
        expect({ path, definition: again.get(fn.signature) }).toEqual({
          path,
          definition: definitions.get(fn.signature),
        });
        expect({ path, triggers: sorted(await triggerDefinitions(owner)) }).toEqual({
          path,
          triggers: sorted(triggers),
        });
      } finally {
        await owner.query('ROLLBACK');
      }
    }
  });

  it("applies each file's current text by a migration: the newest that applies it names its version", () => {
    const applied = appliedVersions();
    const exportNames = files.flatMap((f) => f.functions.map(([name]) => name));
    expect(exportNames.length).toBe(new Set(exportNames).size);
    for (const { path, functions } of files) {
      for (const [name, fn] of functions) {
        const newest = applied.get(name)?.at(-1);
        // A file edited without a migration: add one with
        // `await applySqlFunction(queryRunner, NAME, 'version')` (src/database/README.md).
        expect({ path, name, newest: newest?.[1] }).toEqual({ path, name, newest: sqlFunctionVersion(fn) });
      }
    }
  });
});
