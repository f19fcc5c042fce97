import type { AuditAction } from '../../src/audit/audit-actions.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import type { TestApp } from '../helpers/test-app.js';

/** Appends one entry to `stream` ('type:id') in its own transaction, as a use case would. */
export const appendEntry = (
  t: TestApp,
  stream: string,
  action: AuditAction,
  data: Record<string, unknown> = {},
) =>
  t.service<TransactionService>(TransactionService).run((em) =>
    t.service<AuditService>(AuditService).append(em, {
      stream,
      action,
      actorId: null,
      entityType: stream.split(':')[0],
      entityId: stream.split(':')[1],
      data,
    }),
  );

/** Runs SQL on audit_log as the owner of the tables, with the append-only trigger off (what an administrator could do). */
export const tamperAuditLog = (t: TestApp, sql: string, params: unknown[] = []) =>
  t.asOwner(async (c) => {
    await c.query('BEGIN');
    await c.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await c.query(sql, params);
    await c.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    await c.query('COMMIT');
  });
