import { Module } from '@nestjs/common';
import { PdfRenderer } from './pdf-renderer.service.js';

/** PDF rendering with headless Chromium (see PdfRenderer). */
@Module({ providers: [PdfRenderer], exports: [PdfRenderer] })
export class PdfModule {}
