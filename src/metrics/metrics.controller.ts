import { Controller, Get, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { MetricsService } from './metrics.service.js';

@ApiTags('ops')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Prometheus metrics, for admins (Prometheus itself scrapes METRICS_PORT, which needs no login). */
  @Roles('admin')
  @Get()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  async scrape(@Res() reply: FastifyReply): Promise<FastifyReply> {
    const { contentType, body } = await this.metrics.scrape();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  }
}
