import { IdempotencyRecord } from './idempotency-record.entity.js';

/** The common module's entities (globs do not load under ESM tests): add new ones here. */
export const commonEntities = [IdempotencyRecord];
