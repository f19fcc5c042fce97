import type { QueryRunner } from 'typeorm';

/**
 * Tables the runtime role may only read and append to (src/audit/README.md): it gets SELECT and
 * INSERT on them, never UPDATE, DELETE or TRUNCATE. Their heads move only through `audit_append`,
 * which runs as the owner.
 */
export const APPEND_ONLY_TABLES = ['audit_log', 'audit_heads', 'audit_checkpoints'] as const;

/** The runtime role: the user of DATABASE_URL (README, "Database roles"). */
export function runtimeRoleOf(databaseUrl: string): string | undefined {
  return decodeURIComponent(new URL(databaseUrl).username) || undefined;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * What the runtime role may do, granted by the owner after each migration run (idempotent; the
 * migration lock serialises it): read and write the tables of the schema except the append-only
 * ones (read and append) and the migrations table (read), use the sequences, run the functions;
 * the same by default for whatever the owner creates later. Nothing when the runtime role is the
 * role that migrates (development with one URL).
 */
export async function grantRuntimeRole(runner: QueryRunner, role: string): Promise<boolean> {
  const [me] = (await runner.query(`SELECT current_user AS name, current_schema() AS schema`)) as {
    name: string;
    schema: string;
  }[];
  if (me.name === role) return false;
  const exists = (await runner.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role])) as unknown[];
  if (exists.length === 0) {
    throw new Error(
      `The runtime role "${role}" (the user of DATABASE_URL) does not exist: create it (README, "Database roles")`,
    );
  }
  const r = ident(role);
  const s = ident(me.schema);
  for (const sql of [
    `GRANT USAGE ON SCHEMA ${s} TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`,
    `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${APPEND_ONLY_TABLES.map(ident).join(', ')} FROM ${r}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON migrations FROM ${r}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`,
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${s} TO ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT USAGE, SELECT ON SEQUENCES TO ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT EXECUTE ON FUNCTIONS TO ${r}`,
  ]) {
    await runner.query(sql);
  }
  return true;
}
