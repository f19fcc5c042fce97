import { Controller, Get, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, AuthenticatedOrSignedLink, CurrentUser } from '../common/auth/decorators.js';
import { SignedLinks } from '../common/auth/signed-links.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { UuidParam } from '../common/http/uuid-param.js';
import { DownloadQueryDto } from './dto/download-query.dto.js';
import { StoredFileDto } from './dto/stored-file.dto.js';
import { UploadLimitsDto } from './dto/upload-limits.dto.js';
import { FilesService } from './files.service.js';
import { sendStoredFile } from './send-file.js';

@ApiTags('files')
@Controller('files')
export class FilesController {
  constructor(
    private readonly files: FilesService,
    private readonly links: SignedLinks,
  ) {}

  /**
   * Uploads one file (field `file`). Its type is read from its bytes and must be an allowed one,
   * matching the name's extension; its SHA-256 is computed on the way.
   */
  @Authenticated()
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiCreatedResponse({ type: StoredFileDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description:
      'FILE_REQUIRED, FILE_EMPTY, UNEXPECTED_FILE, FILE_TYPE_MISMATCH (the name claims another type)',
  })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'FILE_TOO_LARGE' })
  @ApiUnsupportedMediaTypeResponse({
    type: ErrorResponseDto,
    description:
      'MULTIPART_EXPECTED, FILE_TYPE_NOT_ALLOWED (allowed: PDF, Word, Excel, PowerPoint, OpenDocument, JPEG, PNG, WebP)',
  })
  async upload(@Req() request: FastifyRequest, @CurrentUser() user: AuthUser): Promise<StoredFileDto> {
    const { file } = await this.files.readMultipart(request, { required: true, createdById: user.id });
    return StoredFileDto.from(file!, this.links.sign(`/api/v1/files/${file!.id}`, user));
  }

  /** The largest file and the kinds of file an upload may be, for the app to say before sending one. */
  @Authenticated()
  @Get('limits')
  @ApiOkResponse({ type: UploadLimitsDto })
  limits(): UploadLimitsDto {
    return this.files.limits();
  }

  /** Downloads a file: only its uploader or an admin (others get 404, as if it did not exist). */
  @AuthenticatedOrSignedLink()
  @Get(':id')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'FILE_NOT_FOUND' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid id or query' })
  async download(
    @UuidParam('id') id: string,
    @Query() query: DownloadQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const opened = await this.files.openForUser(user, id);
    return sendStoredFile(reply, opened, { disposition: query.disposition }, request);
  }
}
