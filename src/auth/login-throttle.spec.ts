import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config.js';
import { LoginThrottleService, waitAfter } from './login-throttle.service.js';

/** A Redis that never answers (down, or a network partition): every call hangs. */
const silentRedis = {
  eval: () => new Promise(() => undefined),
  del: () => new Promise(() => undefined),
} as unknown as Redis;

const config = { LOGIN_MAX_FAILURES: 2, LOGIN_LOCK_MINUTES: 1, QUEUE_PREFIX: 'unit' } as AppConfig;

describe('#14.10 the login throttle while Redis does not answer', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('#14.10 waits 1 s, 2 s, 4 s... after the free attempts, up to the longest wait', () => {
    expect([1, 2, 3, 4, 5].map((n) => waitAfter(n, 2, 60_000))).toEqual([0, 1000, 2000, 4000, 8000]);
    expect(waitAfter(40, 2, 60_000)).toBe(60_000);
  });

  it('#14.10 counts in this process by the same rule, per (username, address) pair', async () => {
    const throttle = new LoginThrottleService(silentRedis, config);
    for (let i = 0; i < 2; i++) {
      await throttle.attempt('someone', '203.0.113.5');
      await throttle.failed('someone', '203.0.113.5');
    }
    await expect(throttle.attempt('someone', '203.0.113.5')).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      status: 429,
      details: { retryAfterSeconds: 1 },
    });
    // Another address, or another username from this address, is not slowed down.
    await expect(throttle.attempt('someone', '192.0.2.8')).resolves.toBeUndefined();
    await expect(throttle.attempt('someone-else', '203.0.113.5')).resolves.toBeUndefined();
    // A success forgets the pair.
    await throttle.succeeded('someone', '203.0.113.5');
    await expect(throttle.attempt('someone', '203.0.113.5')).resolves.toBeUndefined();
  }, 20_000);
});
