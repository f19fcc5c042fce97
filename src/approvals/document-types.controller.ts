import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { DocumentTypeDto } from './dto/document-type.dto.js';
import { WorkflowsService } from './workflows.service.js';

@ApiTags('workflows')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('document-types')
export class DocumentTypesController {
  constructor(private readonly workflows: WorkflowsService) {}

  /**
   * The document types in use and their display names (Khmer, English; null where none was given).
   * Names are set by admins with a template: `documentTypeNameKm`/`documentTypeNameEn` on POST /workflows.
   */
  @Authenticated()
  @Get()
  @ApiOkResponse({ type: [DocumentTypeDto] })
  list(): Promise<DocumentTypeDto[]> {
    return this.workflows.documentTypes();
  }
}
