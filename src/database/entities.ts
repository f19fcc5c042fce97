import { approvalEntities } from '../approvals/entities/index.js';
import { AuditEntry } from '../audit/entities/audit-entry.entity.js';
import { AuditHead } from '../audit/entities/audit-head.entity.js';
import { RefreshToken } from '../auth/entities/refresh-token.entity.js';
import { IdempotencyRecord } from '../common/entities/idempotency-record.entity.js';
import { StoredFile } from '../files/entities/stored-file.entity.js';
import { Notification } from '../notifications/entities/notification.entity.js';
import { OrgPost } from '../org/entities/org-post.entity.js';
import { OrgUnit } from '../org/entities/org-unit.entity.js';
import { User } from '../org/entities/user.entity.js';
import { OutboxEvent } from '../outbox/entities/outbox-event.entity.js';

/** Every entity, listed explicitly (globs do not load under ESM tests). Add new ones here. */
export const entities = [
  ...approvalEntities,
  User,
  OrgUnit,
  OrgPost,
  RefreshToken,
  AuditEntry,
  AuditHead,
  OutboxEvent,
  Notification,
  StoredFile,
  IdempotencyRecord,
];
