/** Something a test file started that holds connections, timers or processes until closed. */
export interface Closable {
  close(): Promise<void>;
}

const starting = new Set<Promise<Closable | null>>();

/**
 * Remembers an app being started, so the end of the file closes it if the file did not: a
 * `beforeAll` that ran out of time still gets its app a moment later, after the file's `afterAll`
 * ran without it, and that app's workers, pools and timers kept the Jest worker from exiting
 * ("A worker process has failed to exit gracefully"). Imports nothing: every test file loads it.
 */
export function closeAtEndOfFile<T extends Closable>(start: Promise<T>): Promise<T> {
  starting.add(start.catch(() => null));
  return start;
}

/** Closes what is still open (test/support/after-file.ts runs it after each file's own hooks). */
export async function closeLeftovers(stillOpen: (c: Closable) => boolean): Promise<void> {
  const all = await Promise.all([...starting]);
  starting.clear();
  for (const c of all) if (c && stillOpen(c)) await c.close().catch(() => undefined);
}
