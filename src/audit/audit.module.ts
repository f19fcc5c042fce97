import { Global, Module } from '@nestjs/common';
import { ApprovalsModule } from '../approvals/approvals.module.js';
import { AuditCheckpoints } from './audit-checkpoints.service.js';
import { CheckpointJob } from './jobs/checkpoint.job.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';

/**
 * The append-only, hash-chained audit log and its signed checkpoints (global: every module
 * appends to it). The checkpoints are signed with the approvals module's signing key.
 */
@Global()
@Module({
  imports: [ApprovalsModule],
  controllers: [AuditController],
  providers: [AuditService, AuditCheckpoints, CheckpointJob],
  exports: [AuditService],
})
export class AuditModule {}
