import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { OpenApiAccess } from './openapi-access.js';

/** Operations plumbing of the HTTP app: the OpenAPI access annotations (the queue dashboard is in bootstrap). */
@Module({
  imports: [DiscoveryModule],
  providers: [OpenApiAccess],
  exports: [OpenApiAccess],
})
export class OpsModule {}
