import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import { Authenticated, CurrentUser, EvenBeforePasswordChange, Public } from '../common/auth/decorators.js';
import { DomainError, unauthorized } from '../common/errors/domain-error.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { AppConfig } from '../config/app-config.js';
import { AuthService, type SignedIn } from './auth.service.js';
import { ChangePasswordDto, LoginDto, PasswordChangedDto, RefreshDto, TokensDto } from './dto/auth.dto.js';
import { JsonBodyGuard } from './json-body.guard.js';
import { REFRESH_REUSE_GRACE_SECONDS } from './refresh-tokens.service.js';
import { PageSessionService } from './page-session.service.js';
import {
  assertCookieRequestIsJson,
  clearPageSessionCookie,
  clearRefreshCookie,
  isJsonRequest,
  refreshCookieOf,
  setPageSessionCookie,
  setRefreshCookie,
} from './refresh-cookie.js';

const COOKIE_NOTE =
  'Also sets the refresh token in the `refresh_token` cookie (HttpOnly, Secure, SameSite=Strict, ' +
  'Path=/api/v1/auth) for browsers, and beside it the `page_session` cookie (HttpOnly, Secure, ' +
  'SameSite=Strict, Path=/), which only lets the server render a signed-in page (no API route ' +
  'accepts it); API clients use the body as before.';

@ApiTags('auth')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly pageSessions: PageSessionService,
  ) {}

  /** The browser's two cookies for a new refresh token: the refresh cookie and the page cookie. */
  private setCookies(reply: FastifyReply, { tokens, sessionId }: SignedIn): void {
    const ttl = this.config.JWT_REFRESH_TTL_SECONDS;
    setRefreshCookie(reply, tokens.refreshToken, ttl);
    setPageSessionCookie(reply, this.pageSessions.valueFor(sessionId, tokens.refreshToken), ttl);
  }

  private clearCookies(reply: FastifyReply): void {
    clearRefreshCookie(reply);
    clearPageSessionCookie(reply);
  }

  @Post('login')
  @Public()
  @UseGuards(JsonBodyGuard)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Log in with username and password',
    description: `${COOKIE_NOTE} The cookie is set for JSON requests only.`,
  })
  @ApiOkResponse({ type: TokensDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'INVALID_CREDENTIALS' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'ACCOUNT_DISABLED' })
  @ApiResponse({
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    type: ErrorResponseDto,
    description: 'UNSUPPORTED_MEDIA_TYPE: the body is not application/json (nothing is counted)',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description:
      'TOO_MANY_REQUESTS: too many failed logins for this username from this address; ' +
      'details.retryAfterSeconds (and the Retry-After header) say how long to wait',
  })
  async login(
    @Body() dto: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokensDto> {
    const signedIn = await this.auth.login(dto, request.ip);
    // Not for a form post: another site's form must not sign the browser in (login CSRF).
    if (isJsonRequest(request)) this.setCookies(reply, signedIn);
    return signedIn.tokens;
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Swap a refresh token for a new pair',
    description:
      'Each refresh token works once. Using one again revokes every token of that login (401), except ' +
      `the one replaced last, within ${REFRESH_REUSE_GRACE_SECONDS} s of its replacement, while its ` +
      'successor is unused: that rotates again in the same login (a browser whose reload lost the ' +
      'response carrying the new cookie). ' +
      'Without `refreshToken` in the body the `refresh_token` cookie is used; such a request must have a ' +
      `JSON body (\`{}\`), else 403 JSON_REQUIRED (CSRF). ${COOKIE_NOTE} A refused cookie is cleared.`,
  })
  @ApiOkResponse({ type: TokensDto })
  @ApiNoContentResponse({
    description: 'With `ifPresent: true` and no token (neither body nor cookie): nobody is signed in',
  })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description:
      'SESSION_ENDED (the login was ended; `details.reason`: logout, password_changed, disabled or reused), ' +
      'INVALID_REFRESH_TOKEN (unknown or expired), REFRESH_TOKEN_REUSED, or REFRESH_TOKEN_MISSING (no body token, no cookie)',
  })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'JSON_REQUIRED: a cookie refresh without a JSON body',
  })
  async refresh(
    @Body() dto: RefreshDto,
    @Req() request: FastifyRequest,
    // Not passthrough: the 204 of `ifPresent` is this handler's own status, which @HttpCode would override.
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const fromBody = dto.refreshToken;
    const token = fromBody ?? refreshCookieOf(request);
    if (!token && dto.ifPresent === true) {
      await reply.status(HttpStatus.NO_CONTENT).send();
      return;
    }
    if (!token) {
      throw unauthorized(
        'REFRESH_TOKEN_MISSING',
        'Send refreshToken in the body, or the refresh_token cookie',
      );
    }
    if (!fromBody) assertCookieRequestIsJson(request);
    let signedIn: SignedIn;
    try {
      signedIn = await this.auth.refresh(token);
    } catch (err) {
      if (!fromBody && err instanceof DomainError && err.status === HttpStatus.UNAUTHORIZED) {
        this.clearCookies(reply);
      }
      throw err;
    }
    this.setCookies(reply, signedIn);
    await reply.status(HttpStatus.OK).send(signedIn.tokens);
  }

  @Post('logout')
  @Authenticated()
  @EvenBeforePasswordChange()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'End this login: its refresh and access tokens stop working at once',
    description:
      'The token of the body, else of the `refresh_token` cookie; the cookie (and `page_session`) is cleared. ' +
      'Needs the access token (Bearer), which no other site can send, so the cookie alone signs nobody out.',
  })
  @ApiNoContentResponse()
  async logout(
    @CurrentUser() user: AuthUser,
    @Body() dto: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const token = dto.refreshToken ?? refreshCookieOf(request);
    this.clearCookies(reply);
    await this.auth.logout(user, token);
  }

  @Post('password')
  @Authenticated()
  @EvenBeforePasswordChange()
  @UseGuards(JsonBodyGuard)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Change my own password',
    description:
      'Checks the current password under the login throttle (the same counter as the login of this ' +
      'username from this address). On success every OTHER login of the caller ends at once (refresh ' +
      'and access tokens); this one goes on. Audited.',
  })
  @ApiOkResponse({ type: PasswordChangedDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description:
      'PASSWORD_TOO_WEAK (details.minLength; details.reason: too_short, common, has_username, repetitive), ' +
      'PASSWORD_UNCHANGED, VALIDATION_FAILED',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'WRONG_CURRENT_PASSWORD' })
  @ApiResponse({
    status: HttpStatus.CONFLICT,
    type: ErrorResponseDto,
    description: 'PASSWORD_CHANGED_MEANWHILE: another change committed while this one was checked',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'TOO_MANY_REQUESTS: too many wrong passwords; details.retryAfterSeconds',
  })
  changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<PasswordChangedDto> {
    return this.auth.changePassword(user, dto, request.ip);
  }
}
