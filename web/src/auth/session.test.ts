import { afterEach, describe, expect, it, vi } from 'vitest';
import { REFRESH_LOCK, refresh, withRefreshLock } from './session';

/** A LockManager that grants one holder at a time per name, in order (as the Web Locks API does). */
function fakeLocks() {
  const held = new Map<string, Promise<unknown>>();
  const names: string[] = [];
  const locks = {
    request(name: string, work: () => Promise<unknown>) {
      names.push(name);
      const before = held.get(name) ?? Promise.resolve();
      const run = before.then(work, work);
      held.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  } as unknown as LockManager;
  return { locks, names };
}

describe('refresh: one at a time', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('concurrent callers in one tab share one request', async () => {
    let answer: (r: Response) => void = () => undefined;
    const fetch = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    vi.stubGlobal('fetch', fetch);
    const all = Promise.all([refresh(), refresh(), refresh()]);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    answer(new Response(JSON.stringify({ accessToken: 'a' }), { status: 200 }));
    expect(await all).toEqual([true, true, true]);
    // It asks "if present": an anonymous page gets 204, not a 401 in the console.
    const init = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(init[1].body as string)).toEqual({ ifPresent: true });
  });

  it('a 204 (no cookie) or a refusal is "not signed in"; the next call asks again', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(new Response(null, { status: 204 }))
      .mockResolvedValueOnce(new Response('{"code":"INVALID_REFRESH_TOKEN"}', { status: 401 }))
      .mockRejectedValueOnce(new TypeError('offline'));
    vi.stubGlobal('fetch', fetch);
    expect(await refresh()).toBe(false);
    expect(await refresh()).toBe(false);
    expect(await refresh()).toBe(false);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('tabs take turns: work under the lock runs one after another', async () => {
    const { locks, names } = fakeLocks();
    const order: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const first = withRefreshLock(async () => {
      order.push('first starts');
      await new Promise<void>((r) => (releaseFirst = r));
      order.push('first ends');
    }, locks);
    const second = withRefreshLock(async () => {
      order.push('second starts');
    }, locks);
    await vi.waitFor(() => expect(order).toEqual(['first starts']));
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first starts', 'first ends', 'second starts']);
    expect(names).toEqual([REFRESH_LOCK, REFRESH_LOCK]);
  });

  it('without the Web Locks API the work just runs', async () => {
    expect(await withRefreshLock(() => Promise.resolve(42), undefined)).toBe(42);
  });
});
