import { OutboxRelay } from '../../src/outbox/outbox-relay.service.js';
import { QueueWorkers } from '../../src/outbox/queue-workers.service.js';
import type { TestApp } from '../helpers/test-app.js';
import { waitFor } from './wait.js';

/**
 * Driving the outbox from a test through the app's public methods, instead of waiting for the
 * relay's poll and the BullMQ workers:
 * - `drainOutbox` relays every committed event to BullMQ now (what the relay's poll would do);
 * - `runDueJobs` runs every event that is due (`runEvents`, the given ones), in this process, with the code a worker runs
 *   (QueueWorkers.process), until none is left, follow-ups included: for an app without workers
 *   (APP_ROLE=api), or to be sure the work is done before an assertion. A job a worker of the app
 *   runs as well is done once (the event is claimed in the job's transaction).
 * - `outboxSettled` waits until the app's own workers have processed every due event.
 */
export function drainOutbox(t: TestApp): Promise<number> {
  return t.service<OutboxRelay>(OutboxRelay).drain();
}

/** Runs every due event, oldest first, until none is left; returns their ids in the order run. */
export async function runDueJobs(t: TestApp): Promise<string[]> {
  const done: string[] = [];
  for (;;) {
    const rows = await dueEvents(t);
    if (rows.length === 0) return done;
    await runEvents(t, rows);
    done.push(...rows.map((row) => row.id));
  }
}

/** Runs these events now, in order, as a worker would (one a worker already ran is not run again). */
export async function runEvents(t: TestApp, events: { id: string; name: string }[]): Promise<void> {
  const workers = t.service<QueueWorkers>(QueueWorkers);
  for (const event of events) await workers.process(event);
}

/** Waits until no due event is left unprocessed (by the app's workers). */
export async function outboxSettled(t: TestApp, what = 'the outbox to settle'): Promise<void> {
  await waitFor(what, async () => (await dueEvents(t)).length === 0);
}

function dueEvents(t: TestApp): Promise<{ id: string; name: string }[]> {
  return t.dataSource.query(
    `SELECT id, name FROM outbox_events WHERE processed_at IS NULL AND run_at <= now() ORDER BY created_at, id`,
  );
}
