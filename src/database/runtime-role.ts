import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { APPEND_ONLY_TABLES } from './runtime-grants.js';

interface RoleFacts {
  role: string;
  superuser: boolean;
  owned: string | null;
  rewrites: string | null;
}

/**
 * Checks the role the app connected as: a superuser, the owner of a table of the schema, or a role
 * that may UPDATE, DELETE or TRUNCATE an append-only table could rewrite the audit log. Production
 * refuses to start (an Error); elsewhere it warns.
 */
export async function checkRuntimeRole(
  db: Pick<DataSource, 'query'>,
  options: { production: boolean },
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  const [facts] = await db.query<RoleFacts[]>(
    `SELECT current_user AS role,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
            (SELECT string_agg(relname, ', ' ORDER BY relname) FROM (
               SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
                  AND pg_has_role(current_user, c.relowner, 'USAGE')
                ORDER BY c.relname LIMIT 3) owned) AS owned,
            (SELECT string_agg(t, ', ' ORDER BY t) FROM unnest($1::text[]) AS t
              WHERE to_regclass(t) IS NOT NULL
                AND has_table_privilege(t, 'UPDATE, DELETE, TRUNCATE')) AS rewrites`,
    [APPEND_ONLY_TABLES],
  );
  const problems: string[] = [];
  if (facts.superuser) problems.push('is a superuser');
  if (facts.owned)
    problems.push(`owns tables (${facts.owned}${facts.owned.split(', ').length >= 3 ? '...' : ''})`);
  if (facts.rewrites) problems.push(`may rewrite ${facts.rewrites}`);
  if (problems.length === 0) return;
  const message =
    `The database role "${facts.role}" of DATABASE_URL ${problems.join(', ')}: the application could rewrite ` +
    'its own audit log. Connect as a role that owns nothing (DATABASE_URL) and run migrations as the owner ' +
    '(MIGRATION_DATABASE_URL); see README, "Database roles".';
  if (options.production) throw new Error(message);
  logger.warn(message);
}

/** Runs `checkRuntimeRole` at start-up. */
@Injectable()
export class RuntimeRoleCheck implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): Promise<void> {
    return checkRuntimeRole(this.dataSource, { production: this.config.isProduction }, this.logger);
  }
}
