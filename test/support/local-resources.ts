/**
 * Local resources that tests and the benchmarks (bench/run.ts, bench/soak.ts) both take and give
 * back: a free TCP port, and a run's keys in the shared Redis.
 */
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** A TCP port on 127.0.0.1 that is free now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Deletes the keys matching `pattern` (a Redis glob such as `mwf-test-1-2:*`) that `remove` keeps,
 * from the shared Redis: never a flush, other runs' keys stay.
 */
export async function deleteRedisKeys(
  redisUrl: string,
  pattern: string,
  remove: (key: string) => boolean = () => true,
): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      const gone = keys.filter(remove);
      if (gone.length) await redis.unlink(...gone);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
