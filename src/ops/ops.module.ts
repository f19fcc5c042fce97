import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DashboardSessionController } from './dashboard-session.controller.js';
import { OpenApiAccess } from './openapi-access.js';

/** Operations plumbing of the HTTP app: the OpenAPI access annotations and the dashboard session (the queue dashboard itself is in bootstrap). */
@Module({
  imports: [DiscoveryModule],
  controllers: [DashboardSessionController],
  providers: [OpenApiAccess],
  exports: [OpenApiAccess],
})
export class OpsModule {}
