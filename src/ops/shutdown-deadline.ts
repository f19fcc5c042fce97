/**
 * How long a process may take to shut down after SIGTERM/SIGINT before it is cut off: below the
 * 30 s that Docker (`stop_grace_period`) and Kubernetes (`terminationGracePeriodSeconds`) wait
 * before SIGKILL, so the process still says why it stopped.
 */
export const SHUTDOWN_DEADLINE_MS = 28_000;

/**
 * The graceful close itself is Nest's shutdown hooks (`enableShutdownHooks` with `useProcessExit`
 * in bootstrap.ts and worker-context.ts): the HTTP listener stops taking connections and finishes
 * requests in flight (ops/graceful-close.ts), the relay and sweeper stop, BullMQ workers finish
 * their jobs (`worker.close()`), then the queues, Redis and the PostgreSQL pool close, and the
 * process exits 0. This adds a log line and a deadline: a close that hangs (a job that never ends,
 * an engine that never answers) ends the process with exit code 1 instead of waiting for SIGKILL.
 * Jobs cut off that way are not lost: their BullMQ lock expires and another worker runs them, and
 * each job's effect is claimed once in its transaction (queue/queue-workers.service.ts).
 */
export function exitAfterShutdownDeadline(what: string, deadlineMs = SHUTDOWN_DEADLINE_MS): void {
  const onSignal = (signal: NodeJS.Signals) => {
    const started = Date.now();
    console.log(`${what}: ${signal} received, closing (at most ${deadlineMs} ms)`);
    process.once('exit', (code) =>
      console.log(`${what}: closed in ${Date.now() - started} ms, exit code ${code}`),
    );
    setTimeout(() => {
      console.error(`${what}: not closed after ${deadlineMs} ms, exiting`);
      process.exit(1);
    }, deadlineMs).unref();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
