import { settleWithin, TimeoutError, withTimeout } from './timeouts.js';

describe('withTimeout', () => {
  it('answers as the promise does when it settles in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, 'quick')).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('no')), 1000, 'quick')).rejects.toThrow('no');
  });

  it('rejects with a TimeoutError naming what did not answer', async () => {
    const never = new Promise<never>(() => undefined);
    const err: unknown = await withTimeout(never, 10, 'redis').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toBe('redis: no answer after 10 ms');
  });

  it('settleWithin ignores the outcome and the hang', async () => {
    await expect(settleWithin(Promise.reject(new Error('no')), 1000)).resolves.toBeUndefined();
    await expect(settleWithin(new Promise<never>(() => undefined), 10)).resolves.toBeUndefined();
  });
});
