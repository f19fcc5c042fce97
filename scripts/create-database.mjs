// Creates the database and its two roles when they do not exist yet (README, "Database roles"):
// the owner of the tables, who runs migrations (MIGRATION_DATABASE_URL), and the runtime role the
// API and worker connect as (DATABASE_URL), which owns nothing. Connects as DATABASE_ADMIN_URL (a
// superuser; default: postgres on the same server). With one URL only (DATABASE_URL, no
// MIGRATION_DATABASE_URL) it just creates the database, as before.
// Usage: DATABASE_URL=... MIGRATION_DATABASE_URL=... node scripts/create-database.mjs
import pg from 'pg';

const runtimeUrl = new URL(process.argv[2] ?? process.env.DATABASE_URL);
const ownerUrl = new URL(process.env.MIGRATION_DATABASE_URL || runtimeUrl.toString());
const adminUrl = new URL(process.env.DATABASE_ADMIN_URL || ownerUrl.toString());
adminUrl.pathname = '/postgres';
const name = decodeURIComponent(runtimeUrl.pathname.slice(1));
const owner = decodeURIComponent(ownerUrl.username);
const runtime = decodeURIComponent(runtimeUrl.username);
for (const [what, value] of [['database', name], ['owner role', owner], ['runtime role', runtime]]) {
  if (!/^[A-Za-z0-9_]+$/.test(value)) {
    console.error(`Refusing an unusual ${what} name: ${value}`);
    process.exit(2);
  }
}
const literal = (s) => `'${s.replace(/'/g, "''")}'`;

const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
try {
  const roles = owner === runtime ? [[owner, ownerUrl]] : [[owner, ownerUrl], [runtime, runtimeUrl]];
  for (const [role, url] of roles) {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (rowCount) continue;
    const password = decodeURIComponent(url.password);
    await admin.query(`CREATE ROLE ${role} LOGIN${password ? ` PASSWORD ${literal(password)}` : ''}`);
    console.log(`Created role ${role}.`);
  }
  const { rows } = await admin.query(
    'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
    [name],
  );
  if (!rows.length) {
    await admin.query(`CREATE DATABASE "${name}" OWNER ${owner}`);
    console.log(`Created database ${name} (owner ${owner}).`);
  } else if (rows[0].owner !== owner) {
    // A database made before the roles were split: hand it and its objects to the owner role.
    await admin.query(`ALTER DATABASE "${name}" OWNER TO ${owner}`);
    const db = new pg.Client({ connectionString: Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString() });
    await db.connect();
    try {
      const { rows: objects } = await db.query(
        `SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END
                  || ' ' || c.oid::regclass::text AS object
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
            AND pg_get_userbyid(c.relowner) <> $1
            AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
         UNION ALL
         SELECT 'FUNCTION ' || p.oid::regprocedure::text
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> $1
            AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
        [owner],
      );
      for (const { object } of objects) await db.query(`ALTER ${object} OWNER TO ${owner}`);
      console.log(`Handed database ${name} and ${objects.length} objects to ${owner}.`);
    } finally {
      await db.end();
    }
  }
} finally {
  await admin.end();
}
