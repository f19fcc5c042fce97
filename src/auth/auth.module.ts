import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { REFUSAL_RECHECK } from '../common/errors/refusal-recheck.js';
import { AppConfig } from '../config/app-config.js';
import { AccountRecheck } from './account-recheck.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { GlobalAuthGuard } from './global-auth.guard.js';
import { JwtStrategy } from './jwt.strategy.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PageSessionService } from './page-session.service.js';
import { RefreshTokensService } from './refresh-tokens.service.js';
import { RouteDeclarationCheck } from './route-declaration.check.js';
import { TokenService } from './token.service.js';
import { OrgModule } from '../org/org.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { SignedLinksModule } from '../common/auth/signed-links.js';
import { RedisModule } from '../redis/redis.module.js';

/** Login, tokens and the global deny-by-default guard. Imports the org module for users. */
@Module({
  imports: [
    RedisModule,
    OrgModule,
    AuditModule,
    SignedLinksModule,
    DiscoveryModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.JWT_SECRET,
        signOptions: { algorithm: 'HS256', expiresIn: config.JWT_ACCESS_TTL_SECONDS },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    RefreshTokensService,
    PageSessionService,
    LoginThrottleService,
    JwtStrategy,
    RouteDeclarationCheck,
    { provide: APP_GUARD, useClass: GlobalAuthGuard },
    { provide: REFUSAL_RECHECK, useClass: AccountRecheck },
  ],
  exports: [TokenService, PageSessionService, REFUSAL_RECHECK],
})
export class AuthModule {}
