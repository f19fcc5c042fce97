import { Module } from '@nestjs/common';
import { SigningModule } from '../signing/signing.module.js';
import { AuditCheckpoints } from './audit-checkpoints.service.js';
import { CheckpointJob } from './jobs/checkpoint.job.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';
import { OutboxModule } from '../outbox/outbox.module.js';

/**
 * The append-only, hash-chained audit log and its signed checkpoints (every module that changes
 * state imports it to append). The checkpoints are signed with the deployment's signing key.
 */
@Module({
  imports: [OutboxModule, SigningModule],
  controllers: [AuditController],
  providers: [AuditService, AuditCheckpoints, CheckpointJob],
  exports: [AuditService],
})
export class AuditModule {}
