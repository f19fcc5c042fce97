import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, CurrentUser, Public } from '../common/auth/decorators.js';
import { DomainError, unauthorized } from '../common/errors/domain-error.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { AppConfig } from '../config/app-config.js';
import { AuthService } from './auth.service.js';
import { LoginDto, RefreshDto, TokensDto } from './dto/auth.dto.js';
import {
  assertCookieRequestIsJson,
  clearRefreshCookie,
  isJsonRequest,
  refreshCookieOf,
  setRefreshCookie,
} from './refresh-cookie.js';

const COOKIE_NOTE =
  'Also sets the refresh token in the `refresh_token` cookie (HttpOnly, Secure, SameSite=Strict, ' +
  'Path=/api/v1/auth) for browsers; API clients use the body as before.';

@ApiTags('auth')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Log in with username and password',
    description: `${COOKIE_NOTE} The cookie is set for JSON requests only.`,
  })
  @ApiOkResponse({ type: TokensDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'INVALID_CREDENTIALS' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'ACCOUNT_DISABLED' })
  @ApiResponse({
    status: HttpStatus.LOCKED,
    type: ErrorResponseDto,
    description: 'ACCOUNT_LOCKED: too many consecutive wrong passwords; details.lockedUntil says until when',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'TOO_MANY_REQUESTS: too many failed logins from this address or for this username',
  })
  async login(
    @Body() dto: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokensDto> {
    const tokens = await this.auth.login(dto, request.ip);
    // Not for a form post: another site's form must not sign the browser in (login CSRF).
    if (isJsonRequest(request))
      setRefreshCookie(reply, tokens.refreshToken, this.config.JWT_REFRESH_TTL_SECONDS);
    return tokens;
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Swap a refresh token for a new pair',
    description:
      'Each refresh token works once. Using one again revokes every token of that login (401). ' +
      'Without `refreshToken` in the body the `refresh_token` cookie is used; such a request must have a ' +
      `JSON body (\`{}\`), else 403 JSON_REQUIRED (CSRF). ${COOKIE_NOTE} A refused cookie is cleared.`,
  })
  @ApiOkResponse({ type: TokensDto })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description:
      'INVALID_REFRESH_TOKEN (unknown, expired, revoked), REFRESH_TOKEN_REUSED, or REFRESH_TOKEN_MISSING (no body token, no cookie)',
  })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'JSON_REQUIRED: a cookie refresh without a JSON body',
  })
  async refresh(
    @Body() dto: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokensDto> {
    const fromBody = dto.refreshToken;
    const token = fromBody ?? refreshCookieOf(request);
    if (!token) {
      throw unauthorized(
        'REFRESH_TOKEN_MISSING',
        'Send refreshToken in the body, or the refresh_token cookie',
      );
    }
    if (!fromBody) assertCookieRequestIsJson(request);
    let tokens: TokensDto;
    try {
      tokens = await this.auth.refresh(token);
    } catch (err) {
      if (!fromBody && err instanceof DomainError && err.status === HttpStatus.UNAUTHORIZED) {
        clearRefreshCookie(reply);
      }
      throw err;
    }
    setRefreshCookie(reply, tokens.refreshToken, this.config.JWT_REFRESH_TTL_SECONDS);
    return tokens;
  }

  @Post('logout')
  @Authenticated()
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Revoke the refresh token and every token of its login',
    description:
      'The token of the body, else of the `refresh_token` cookie; the cookie is cleared. ' +
      'Needs the access token (Bearer), which no other site can send, so the cookie alone signs nobody out.',
  })
  @ApiNoContentResponse()
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'UNAUTHENTICATED' })
  async logout(
    @CurrentUser() user: AuthUser,
    @Body() dto: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const token = dto.refreshToken ?? refreshCookieOf(request);
    clearRefreshCookie(reply);
    if (token) await this.auth.logout(user.id, token);
  }
}
