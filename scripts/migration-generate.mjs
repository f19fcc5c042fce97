// Generates a migration from the difference between the entities and the schema that the
// existing migrations build. Works on a scratch database, so your own database's state never
// leaks into a migration. Usage: npm run migration:generate -- AddSomething
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('usage: npm run migration:generate -- PascalCaseName');
  process.exit(2);
}
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const scratch = `mwf_generate_${process.pid}`;
const admin = new pg.Client({ connectionString: withDb(baseUrl, 'postgres') });
await admin.connect();
await admin.query(`CREATE DATABASE ${scratch}`);
try {
  const { createDataSource } = await import('../dist/src/database/data-source.js');
  const { entities } = await import('../dist/src/entities.js');
  const ds = createDataSource(withDb(baseUrl, scratch), 2, entities);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const sql = await ds.driver.createSchemaBuilder().log();
  await ds.destroy();
  if (sql.upQueries.length === 0) {
    console.log('No changes: the entities and the migrations agree.');
    process.exit(0);
  }
  const ts = Date.now();
  const className = `${name}${ts}`;
  const q = (s) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
  const up = sql.upQueries.map((x) => `    await queryRunner.query(${q(x.query)});`).join('\n');
  const down = sql.downQueries
    .reverse()
    .map((x) => `    await queryRunner.query(${q(x.query)});`)
    .join('\n');
  const file = `migrations/${ts}-${name}.ts`;
  writeFileSync(
    file,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down}
  }
}
`,
  );
  const index = readFileSync('migrations/index.ts', 'utf8');
  const importLine = `import { ${className} } from './${ts}-${name}.js';\n`;
  const updated = (importLine + index).replace(
    /(export const migrations[^=]*= \[)([^\]]*)\]/,
    (_m, head, body) => {
      const items = body
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      items.push(className);
      return `${head}${items.join(', ')}]`;
    },
  );
  writeFileSync('migrations/index.ts', updated);
  execFileSync('npx', ['prettier', '--write', file, 'migrations/index.ts'], { stdio: 'inherit' });
  console.log(`Wrote ${file}. Read it before committing.`);
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  await admin.end();
}

function withDb(url, db) {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
