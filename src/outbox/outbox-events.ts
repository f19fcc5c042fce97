import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query.js';
import { isUuid } from '../common/uuid.js';

export interface ClaimedEvent {
  id: string;
  name: string;
  payload: Record<string, unknown>;
}

/**
 * Marks the event processed in the job's transaction. No row: it was processed already (a
 * duplicate delivery) or does not exist; the caller then does nothing. A concurrent duplicate
 * waits on the row lock and finds `processed_at` set once the first commits.
 */
export async function claimEvent(em: EntityManager, id: string): Promise<ClaimedEvent | undefined> {
  if (!isUuid(id)) return undefined;
  const rows = await preparedQuery<ClaimedEvent>(
    em,
    'outbox_claim_event',
    `UPDATE outbox_events SET processed_at = now(), attempts = attempts + 1
     WHERE id = $1 AND processed_at IS NULL
     RETURNING id, name, payload`,
    [id],
  );
  return rows[0];
}

/** Records a failed attempt outside the rolled-back job transaction. */
export async function recordEventFailure(ds: DataSource, id: string, err: unknown): Promise<void> {
  if (!isUuid(id)) return;
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  await ds.query(
    `UPDATE outbox_events SET attempts = attempts + 1, last_error = $2
     WHERE id = $1 AND processed_at IS NULL`,
    [id, message.slice(0, 2000)],
  );
}
