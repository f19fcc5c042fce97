/** How long `waitFor` polls by default: below Jest's own 30 s, so a wait fails with its name. */
export const WAIT_TIMEOUT_MS = 25_000;

export interface WaitOptions {
  /** Fails after this long (WAIT_TIMEOUT_MS unless told). */
  timeoutMs?: number;
}

type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/**
 * The one way a test waits for something that happens in the background (the outbox relay and the
 * workers, a mail to arrive, a process to come up): polls `probe` until it returns a truthy value
 * and returns that value, or fails after `timeoutMs` naming `what`. It polls soon and then less
 * often (5 ms doubling up to 100 ms): most waits end within a few milliseconds. An error that
 * `probe` throws fails the wait at once. Never used to assert speed.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  options: WaitOptions = {},
): Promise<Truthy<T>> {
  const deadline = Date.now() + (options.timeoutMs ?? WAIT_TIMEOUT_MS);
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    const value = await probe();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(pause);
  }
}

/** A plain pause, for what no probe can see (a log written asynchronously, a process that must not answer). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
