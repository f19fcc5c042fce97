import { Logger, type LoggerService } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import {
  PG_CHECK_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  pgErrorCode,
} from './pg-errors.js';
import { PG_REFUSAL } from './refusal.js';

/**
 * The SQLSTATEs of failures the application expects and handles: a constraint that settles a race
 * or refuses a duplicate (a 409 or a coded 4xx), a value PostgreSQL cannot read (a 400), a refusal a
 * statement raised with `mwf_refuse` (its coded 4xx), a serialization failure or a deadlock
 * (TransactionService retries them). A query failing so is logged at debug: where nobody handles
 * one, it still reaches the log as what it becomes (the exception filter's 500, a failed job).
 */
export const EXPECTED_QUERY_FAILURES: ReadonlySet<string> = new Set([
  PG_UNIQUE_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  PG_CHECK_VIOLATION,
  '22P02', // invalid text representation (a malformed uuid, number...)
  '22007', // invalid datetime format
  '22008', // datetime field overflow
  PG_REFUSAL,
  '40001', // serialization failure
  '40P01', // deadlock detected
]);

/**
 * TypeORM's log through the application's logger (its level, its redaction, its JSON lines) rather
 * than TypeORM's console logger: failed queries as errors unless expected (above), slow queries and
 * TypeORM's warnings as warnings, nothing per query. Parameters are never logged (they may hold passwords and tokens).
 */
export class QueryLogger implements TypeOrmLogger {
  constructor(private readonly logger: LoggerService = new Logger('Database')) {}

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    const code = pgErrorCode(error);
    const message = typeof error === 'string' ? error : error.message;
    const line = `query failed${code ? ` (${code})` : ''}: ${message} in ${summary(query)}`;
    if (code && EXPECTED_QUERY_FAILURES.has(code)) this.logger.debug?.(line);
    else this.logger.error(line);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${summary(query)}`);
  }

  /** Schema and migration steps: the migration runner says what it applied (database/migrate.ts). */
  logSchemaBuild(): void {}
  logMigration(): void {}

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}

/** The statement on one line, cut to a length a log line can hold. */
function summary(query: string): string {
  const line = query.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
