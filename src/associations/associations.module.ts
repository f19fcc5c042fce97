import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AssociationsAccess } from './associations-access.js';
import { AssociationsController } from './associations.controller.js';
import { AssociationsService } from './associations.service.js';
import { OrgModule } from '../org/org.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { BoardService } from './board.service.js';
import { MemberImportService } from './member-import.service.js';
import { MembersService } from './members.service.js';
import { TermsService } from './terms.service.js';

/** Associations, members (with CSV import), terms and boards. */
@Module({
  imports: [OrgModule, AuditModule],
  controllers: [AssociationsController],
  providers: [
    AssociationsService,
    MembersService,
    MemberImportService,
    TermsService,
    BoardService,
    AssociationsAccess,
  ],
  exports: [AssociationsService, TermsService, BoardService, AssociationsAccess],
})
export class AssociationsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Lets the member import take a `text/csv` body as a string (Fastify parses JSON and text/plain only). */
  onModuleInit(): void {
    const fastify = this.adapterHost?.httpAdapter?.getInstance?.<FastifyInstance>();
    if (!fastify?.addContentTypeParser || fastify.hasContentTypeParser('text/csv')) return;
    fastify.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  }
}
