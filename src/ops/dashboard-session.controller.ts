import { Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiForbiddenResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user.js';
import { CurrentUser, Roles } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { AppConfig } from '../config/app-config.js';
import { DASHBOARD_SESSION_SECONDS, dashboardCookie } from './queue-dashboard.js';

@ApiTags('ops')
@Controller('ops')
export class DashboardSessionController {
  private readonly jwt: JwtService;

  constructor(private readonly config: AppConfig) {
    this.jwt = new JwtService({ secret: config.JWT_SECRET });
  }

  /**
   * Opens the queue dashboard for this browser: a cookie that only /admin/queues receives
   * (HttpOnly, SameSite=Strict), holding a short-lived token of type `dashboard` (not usable on
   * the API). The dashboard checks the account and its admin role on every request.
   */
  @Roles('admin')
  @Post('dashboard-session')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set the queue dashboard cookie (admins)' })
  @ApiNoContentResponse({ description: 'Set-Cookie: mwf_dashboard=...; Path=/admin/queues; HttpOnly' })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  async open(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const seconds = Math.min(DASHBOARD_SESSION_SECONDS, this.config.JWT_ACCESS_TTL_SECONDS);
    const token = await this.jwt.signAsync(
      { sub: user.id, sid: user.sessionId, typ: 'dashboard' },
      { expiresIn: seconds },
    );
    void reply
      .header('set-cookie', dashboardCookie(token, seconds, request.protocol === 'https'))
      .header('cache-control', 'no-store');
  }
}
