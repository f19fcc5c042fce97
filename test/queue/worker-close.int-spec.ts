import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module.js';
import { WORKER_TUNING } from '../../src/outbox/queue-workers.service.js';
import { testConfig } from '../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.js';
import { PrivateRedis } from './queue-helpers.js';

/**
 * Closing a worker process's queue workers when Redis has been away and is back: no job is in
 * flight, so the close has nothing to wait for. BullMQ's graceful close waited for the end of each
 * worker's blocking connection, which never came after the outage: the close hung for its whole
 * timeout (here ten minutes, far past the test's), and each worker's lock timer then ran on for
 * good, so a Jest worker that had run such a test never exited.
 */
describe('closing the queue workers after a Redis outage', () => {
  let redis: PrivateRedis;
  let db: TestDatabase;

  beforeAll(async () => {
    redis = await PrivateRedis.create();
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await redis?.stop();
    await db?.drop();
  });

  it('does not wait out its timeout when no job is in flight', async () => {
    const config = Object.assign(testConfig(db.url, { REDIS_URL: redis.url }), {
      APP_ROLE: 'worker' as const,
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
      .overrideProvider(WORKER_TUNING)
      .useValue({ closeTimeoutMs: 10 * 60_000 })
      .compile();
    moduleRef.useLogger(false);
    const worker = await moduleRef.init();

    await redis.stop();
    await redis.start();
    await worker.close();
  });
});
