import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { AuditService } from './audit.service.js';
import { AuditListQueryDto, AuditPageDto, AuditVerifyResultDto } from './dto/audit.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'UNAUTHENTICATED' })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN: not an admin' })
@Roles('admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Audit entries, newest first, by entity or stream (admin)' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED, INVALID_CURSOR' })
  list(@Query() query: AuditListQueryDto): Promise<AuditPageDto> {
    return this.audit.list(query);
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Recompute every hash chain (admin)',
    description: '`ok: false` names the lowest id of an entry whose hash or link is wrong.',
  })
  @ApiOkResponse({ type: AuditVerifyResultDto })
  verify(): Promise<AuditVerifyResultDto> {
    return this.audit.verify();
  }
}
