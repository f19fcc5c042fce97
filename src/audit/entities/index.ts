import { AuditCheckpoint } from './audit-checkpoint.entity.js';
import { AuditEntry } from './audit-entry.entity.js';
import { AuditHead } from './audit-head.entity.js';

/** The audit module's entities (globs do not load under ESM tests): add new ones here. */
export const auditEntities = [AuditEntry, AuditHead, AuditCheckpoint];
