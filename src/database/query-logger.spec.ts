import type { LoggerService } from '@nestjs/common';
import { type Logger as TypeOrmLogger, QueryFailedError } from 'typeorm';
import { dataSourceOptions } from './data-source.js';
import { QueryLogger } from './query-logger.js';

/** A failed query as TypeORM hands it to its logger: the driver's error, with its SQLSTATE. */
function failure(code: string, message = 'failed'): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), { code }));
}

/** The logger as TypeORM calls it (with the query's parameters), and what it logged at each level. */
function recorded(): { logger: TypeOrmLogger; lines: Record<string, string[]> } {
  const lines: Record<string, string[]> = { error: [], warn: [], debug: [], log: [] };
  const target: LoggerService = {
    error: (m: string) => lines.error.push(m),
    warn: (m: string) => lines.warn.push(m),
    debug: (m: string) => lines.debug.push(m),
    log: (m: string) => lines.log.push(m),
  };
  return { logger: new QueryLogger(target), lines };
}

describe('QueryLogger', () => {
  it('logs a failure the application handles (a duplicate, a refusal, a retried deadlock) at debug', () => {
    const { logger, lines } = recorded();
    for (const code of ['23505', '23503', '23514', '22P02', 'MW001', '40001', '40P01'])
      logger.logQueryError(failure(code), 'INSERT INTO users (username)\n  VALUES ($1)', ['secret']);
    expect(lines.error).toEqual([]);
    expect(lines.debug).toHaveLength(7);
    expect(lines.debug[0]).toBe('query failed (23505): failed in INSERT INTO users (username) VALUES ($1)');
  });

  it('logs any other failure as an error, without the parameters', () => {
    const { logger, lines } = recorded();
    logger.logQueryError(failure('57P01', 'terminating connection'), 'UPDATE outbox_events SET x = $1', [
      'a-password',
    ]);
    logger.logQueryError(new Error('Connection terminated unexpectedly'), 'SELECT 1');
    expect(lines.error).toEqual([
      'query failed (57P01): terminating connection in UPDATE outbox_events SET x = $1',
      'query failed: Connection terminated unexpectedly in SELECT 1',
    ]);
    expect(lines.debug).toEqual([]);
  });

  it('is the data source’s logger (not TypeORM’s console logger, which prints every failure)', () => {
    expect(dataSourceOptions('postgres://localhost/x').logger).toBeInstanceOf(QueryLogger);
  });
});
