import type { Redis } from 'ioredis';
import { settleWithin } from '../common/timeouts.js';

/** Quits a connection politely when Redis answers, and drops it otherwise. */
export async function closeRedis(connection: Redis): Promise<void> {
  await settleWithin(connection.quit(), 1000);
  connection.disconnect();
}
