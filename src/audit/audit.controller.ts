import { Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { notFound } from '../common/errors/domain-error.js';
import { AuditCheckpoints } from './audit-checkpoints.service.js';
import { AuditService } from './audit.service.js';
import {
  AuditCheckpointDto,
  AuditListQueryDto,
  AuditPageDto,
  AuditVerifyResultDto,
  CheckpointHeadDto,
} from './dto/audit.dto.js';

@ApiTags('audit')
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN: not an admin' })
@ApiExtraModels(CheckpointHeadDto)
@Roles('admin')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpoints,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Audit entries, newest first, by entity or stream (admin)' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED, INVALID_CURSOR' })
  list(@Query() query: AuditListQueryDto): Promise<AuditPageDto> {
    return this.audit.listNamingPeople(query);
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Recompute every hash chain and check it against the last signed checkpoint (admin)',
    description:
      '`ok: false` names the problem, its stream and, when there is one, the lowest id of an entry whose ' +
      'hash or link is wrong. A deleted tail (`tail_missing`) or stream (`stream_missing`) is found against ' +
      'the last checkpoint even when its head was rewound or deleted.',
  })
  @ApiOkResponse({ type: AuditVerifyResultDto })
  verify(): Promise<AuditVerifyResultDto> {
    return this.audit.verify();
  }

  @Post('checkpoints')
  @ApiOperation({
    summary:
      'Sign a checkpoint of the head of every stream now (admin; the worker also makes one on a schedule)',
    description:
      'When no head moved since the last checkpoint, that one is returned. Refused (409) when the log no longer ' +
      'holds what the last checkpoint saw: a new one would paper over the loss.',
  })
  @ApiCreatedResponse({ type: AuditCheckpointDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'AUDIT_CHECKPOINT_REFUSED' })
  createCheckpoint(): Promise<AuditCheckpointDto> {
    return this.checkpoints.create();
  }

  @Get('checkpoints/latest')
  @ApiOperation({ summary: 'The last signed checkpoint, to store outside the database (admin)' })
  @ApiOkResponse({ type: AuditCheckpointDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'AUDIT_CHECKPOINT_NOT_FOUND' })
  async latestCheckpoint(): Promise<AuditCheckpointDto> {
    const latest = await this.checkpoints.latest();
    if (!latest) throw notFound('AUDIT_CHECKPOINT_NOT_FOUND', 'No audit checkpoint has been made yet');
    return latest;
  }
}
