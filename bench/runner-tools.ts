/**
 * What `npm run bench` (run.ts) and `npm run soak` (soak.ts) both need: numeric settings from the
 * environment, a scratch database's URL and stopping a child process. A free port and deleting a
 * run's Redis keys come from the tests' own helpers (test/support/local-resources.ts).
 */
import type { ChildProcess } from 'node:child_process';

/** A positive number from the environment variable `name` (`fallback` when unset). */
export function positive(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
}

/** The same server's URL for another database. */
export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stop(child: ChildProcess, graceMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
