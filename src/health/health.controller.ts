import { Controller, Get, HttpCode, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/decorators.js';
import { withTimeout } from '../common/timeouts.js';
import { REDIS } from '../redis/redis.module.js';
import { HealthDto } from './health.dto.js';

const CHECK_TIMEOUT_MS = 1500;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** The process is up. Nothing else is checked, so a load balancer never restarts it for a slow database. */
  @Public()
  @Get('live')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: HealthDto })
  live(): HealthDto {
    return { status: 'ok' };
  }

  /** PostgreSQL and Redis both answer; 503 names what does not. */
  @Public()
  @Get('ready')
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const [db, redis] = await Promise.allSettled([
      withTimeout(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS, 'database'),
      withTimeout(this.redis.ping(), CHECK_TIMEOUT_MS, 'redis'),
    ]);
    const checks = {
      database: db.status === 'fulfilled' ? 'up' : 'down',
      redis: redis.status === 'fulfilled' ? 'up' : 'down',
    } as const;
    const down = Object.entries(checks)
      .filter(([, v]) => v === 'down')
      .map(([k]) => k);
    if (down.length) void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: down.length ? 'down' : 'ok', checks, down };
  }
}
