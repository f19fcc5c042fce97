import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What a final renderer knows when the document is signed off. */
export interface FinalRenderContext {
  documentId: string;
  documentType: string;
  metadata: Record<string, unknown>;
  versionNo: number;
  /** The new verification code (raw, ungrouped). */
  verificationCode: string;
  approvedAt: Date;
}

/** A document rendered at sign-off: the stored file whose SHA-256 the manifest signs. */
export interface FinalRendering {
  fileId: string;
  sha256: string;
}

/** Null: the owner has nothing to render for this document (it is signed off like any other). */
export type FinalRenderer = (em: EntityManager, ctx: FinalRenderContext) => Promise<FinalRendering | null>;

/**
 * Document types whose approved form is rendered at sign-off, in the sign-off transaction (approved
 * minutes: the final PDF with its verification code). The module that owns the type registers its
 * renderer at start-up; the manifest then signs the rendered file's SHA-256, and no separate signed
 * copy is made (the rendered file carries the code and QR itself).
 */
@Injectable()
export class FinalRenderers {
  private readonly renderers = new Map<string, FinalRenderer>();

  register(documentType: string, renderer: FinalRenderer): void {
    if (this.renderers.has(documentType)) throw new Error(`a final renderer for ${documentType} exists`);
    this.renderers.set(documentType, renderer);
  }

  get(documentType: string): FinalRenderer | undefined {
    return this.renderers.get(documentType);
  }
}
