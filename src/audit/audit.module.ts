import { Global, Module } from '@nestjs/common';
import { SigningModule } from '../signing/signing.module.js';
import { AuditCheckpoints } from './audit-checkpoints.service.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';

/**
 * The append-only, hash-chained audit log and its signed checkpoints (global: every module
 * appends to it). The checkpoints are signed with the deployment's signing key.
 */
@Global()
@Module({
  imports: [SigningModule],
  controllers: [AuditController],
  providers: [AuditService, AuditCheckpoints],
  exports: [AuditService],
})
export class AuditModule {}
