import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { pgErrorCode } from './pg-errors.js';

type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock
const MAX_ATTEMPTS = 5;

/**
 * The one way a use case opens a transaction. The entity manager is passed down to every
 * service the use case calls (and to the outbox), so all of it commits or none of it does.
 * Serialization failures and deadlocks are retried with a short jittered backoff.
 */
@Injectable()
export class TransactionService {
  private readonly logger = new Logger(TransactionService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(
    work: (em: EntityManager) => Promise<T>,
    isolation: IsolationLevel = 'READ COMMITTED',
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        // READ COMMITTED is PostgreSQL's default: naming it would cost a SET TRANSACTION round trip each time.
        return await (isolation === 'READ COMMITTED'
          ? this.dataSource.transaction(work)
          : this.dataSource.transaction(isolation, work));
      } catch (err) {
        const code = pgErrorCode(err);
        if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw err;
        this.logger.warn(`transaction retry ${attempt} after ${code}`);
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
      }
    }
  }
}
