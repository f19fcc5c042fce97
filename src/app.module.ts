import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { pino } from 'pino';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { createValidationPipe } from './common/http/validation.js';
import { SignedLinksModule } from './common/auth/signed-links.js';
import { DatabaseModule } from './database/database.module.js';
import { entities } from './entities.js';
import { ApprovalsModule } from './approvals/approvals.module.js';
import { HealthModule } from './health/health.module.js';
import { MeetingsModule } from './meetings/meetings.module.js';
import { WorkingGroupsModule } from './working-groups/working-groups.module.js';
import { AuthModule } from './auth/auth.module.js';
import { OrgModule } from './org/org.module.js';
import { FilesModule } from './files/files.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { OpsModule } from './ops/ops.module.js';
import { REDACT_PATHS, REDACTED } from './ops/log-redaction.js';
import { RedisModule } from './redis/redis.module.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { AuditModule } from './audit/audit.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { AssociationsModule } from './associations/associations.module.js';
import { ElectionsModule } from './elections/elections.module.js';
import { ProfileModule } from './profile/profile.module.js';

/** The whole application. The API and the worker load the same modules; `APP_ROLE` decides what runs. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        SignedLinksModule,
        LoggerModule.forRoot({
          // No HTTP middleware: ops/http-hooks.ts gives each request its log context and log line
          // from Fastify hooks (middleware on Fastify runs through middie, a cost on every request).
          forRoutes: [],
          pinoHttp: [
            {
              level: config.LOG_LEVEL,
              redact: { paths: REDACT_PATHS, censor: REDACTED },
            },
            // Asynchronous writes: lines logged while a write is under way go out together in the next
            // one instead of a write per line (pino flushes what is left when the process exits).
            pino.destination({ dest: 1, sync: false }),
          ],
        }),
        DatabaseModule.forRoot(entities),
        RedisModule,
        OutboxModule,
        AuditModule,
        NotificationsModule,
        AssociationsModule,
        ElectionsModule,
        WorkingGroupsModule,
        MeetingsModule,
        OrgModule,
        AuthModule,
        HealthModule,
        ApprovalsModule,
        FilesModule,
        MetricsModule,
        OpsModule,
        ProfileModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
