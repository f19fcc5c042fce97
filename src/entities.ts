import { approvalEntities } from './approvals/entities/index.js';
import { associationEntities } from './associations/entities/index.js';
import { auditEntities } from './audit/entities/index.js';
import { authEntities } from './auth/entities/index.js';
import { commonEntities } from './common/entities/index.js';
import { electionEntities } from './elections/entities/index.js';
import { fileEntities } from './files/entities/index.js';
import { meetingEntities } from './meetings/entities/index.js';
import { notificationEntities } from './notifications/entities/index.js';
import { orgEntities } from './org/entities/index.js';
import { OutboxEvent } from './outbox/entities/outbox-event.entity.js';
import { workingGroupEntities } from './working-groups/entities/index.js';

/**
 * Every module's entities, collected here at the top (beside app.module.ts) so that the database
 * layer imports no feature: the app, the migration generator and the schema-drift test pass this
 * list to `createDataSource` / `DatabaseModule.forRoot`. A module lists its own in `entities/index.ts`.
 */
export const entities = [
  ...orgEntities,
  ...authEntities,
  ...auditEntities,
  OutboxEvent,
  ...notificationEntities,
  ...fileEntities,
  ...commonEntities,
  ...approvalEntities,
  ...associationEntities,
  ...electionEntities,
  ...workingGroupEntities,
  ...meetingEntities,
];
