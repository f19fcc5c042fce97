import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, CurrentUser } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { DraftRoutePreviewDto, DraftRoutePreviewQueryDto } from './dto/route-preview.dto.js';
import { RoutePreviewService } from './route-preview.service.js';

const E = ErrorResponseDto;

/** The route of a document before it exists (GET /documents/:id/route-preview is the one of a draft). */
@ApiTags('documents')
@Controller('route-preview')
export class RoutePreviewController {
  constructor(private readonly routePreview: RoutePreviewService) {}

  /**
   * The route a document of this type and metadata would take if the caller submitted it now, by
   * the same rules as the submission (template choice, routing, the submitter left out of their own
   * route). A POST because it takes the metadata as a JSON body; it changes nothing.
   */
  @Authenticated()
  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DraftRoutePreviewDto })
  @ApiBadRequestResponse({
    type: E,
    description:
      'VALIDATION_FAILED, WORKFLOW_NOT_APPLICABLE, ORG_UNIT_NOT_FOUND, ORG_UNIT_REQUIRED, METADATA_NUMBER_REQUIRED',
  })
  @ApiForbiddenResponse({ type: E, description: 'ORG_UNIT_NOT_YOURS' })
  @ApiConflictResponse({ type: E, description: 'NO_WORKFLOW_FOR_DOCUMENT' })
  preview(
    @Body() q: DraftRoutePreviewQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<DraftRoutePreviewDto> {
    return this.routePreview.previewDraft(user, q);
  }
}
