import { Controller, Get, Header, HttpCode, HttpStatus, Ip, Param, Post, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { VerificationService } from './verification.service.js';
import { VerificationDto, VerifyFileResultDto } from './dto/decision.dto.js';

const E = ErrorResponseDto;

@ApiTags('verification')
@ApiTooManyRequestsResponse({ type: E, description: 'RATE_LIMITED' })
@Controller('verify')
export class VerifyController {
  constructor(private readonly verification: VerificationService) {}

  /** The Ed25519 public key that signs manifests (PEM). */
  @Public()
  @Get('public-key')
  @Header('content-type', 'application/x-pem-file; charset=utf-8')
  @ApiProduces('application/x-pem-file')
  @ApiOkResponse({ schema: { type: 'string' } })
  publicKey(): string {
    return this.verification.publicKey();
  }

  /** The signed manifest's exact bytes (canonical JSON), to check the signature offline. */
  @Public()
  @Get(':code/manifest.json')
  @Header('content-type', 'application/json; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="manifest.json"')
  @ApiProduces('application/json')
  @ApiOkResponse({
    schema: { type: 'string', format: 'binary' },
    description: 'Canonical JSON: keys sorted, no spaces',
  })
  @ApiNotFoundResponse({ type: E, description: 'VERIFICATION_CODE_NOT_FOUND' })
  async manifest(@Param('code') code: string, @Ip() ip: string): Promise<Buffer> {
    await this.verification.rateLimit(ip);
    return (await this.verification.signedFiles(code)).manifest;
  }

  /** The raw Ed25519 signature (64 bytes) over the manifest's bytes. */
  @Public()
  @Get(':code/signature.bin')
  @Header('content-type', 'application/octet-stream')
  @Header('content-disposition', 'attachment; filename="signature.bin"')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: E, description: 'VERIFICATION_CODE_NOT_FOUND' })
  async signature(@Param('code') code: string, @Ip() ip: string): Promise<Buffer> {
    await this.verification.rateLimit(ip);
    return (await this.verification.signedFiles(code)).signature;
  }

  @Public()
  @Get(':code')
  @ApiOkResponse({ type: VerificationDto })
  @ApiNotFoundResponse({ type: E, description: 'VERIFICATION_CODE_NOT_FOUND (unknown, or not approved)' })
  async verify(@Param('code') code: string, @Ip() ip: string): Promise<VerificationDto> {
    await this.verification.rateLimit(ip);
    return this.verification.verify(code);
  }

  /** Is this file the signed one? The file is hashed, never stored. */
  @Public()
  @Post(':code')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiOkResponse({ type: VerifyFileResultDto })
  @ApiNotFoundResponse({ type: E, description: 'VERIFICATION_CODE_NOT_FOUND' })
  async verifyFile(
    @Param('code') code: string,
    @Ip() ip: string,
    @Req() req: FastifyRequest,
  ): Promise<VerifyFileResultDto> {
    await this.verification.rateLimit(ip);
    return this.verification.verifyFile(code, req);
  }
}
