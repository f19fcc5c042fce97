import { Module } from '@nestjs/common';
import { FilesController } from './files.controller.js';
import { FilesService } from './files.service.js';
import { SignedLinksModule } from '../common/auth/signed-links.js';

/** Uploads, storage and downloads; modules that store files import it for `FilesService`. */
@Module({
  imports: [SignedLinksModule],
  controllers: [FilesController],
  providers: [FilesService],
  exports: [FilesService],
})
export class FilesModule {}
