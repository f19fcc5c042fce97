import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { conflict } from '../common/errors/domain-error.js';

/** What a document is about, in its owner module: e.g. the meeting whose minutes it approves. */
export interface DocumentSubject {
  /** e.g. `meeting` */
  type: string;
  id: string;
  /** The subject's page in the app, e.g. `/meetings/<id>`. */
  link: string;
  /** Its printable view in the app (what an approver reads before deciding), when it has one. */
  printLink: string | null;
}

/** Null: the owner knows no subject for this document (e.g. a draft made by hand with its type). */
export type SubjectResolver = (
  em: EntityManager,
  document: { id: string; documentType: string; metadata: Record<string, unknown> },
) => Promise<DocumentSubject | null>;

/**
 * The subjects of other modules' documents (ApprovalsGateway): the module that owns a document
 * type registers at start-up how to find what a document of that type is about, from its own
 * records (never from the document's metadata, which a submitter may change with a new version).
 * The document page links to it; the engine knows nothing of its owners.
 */
@Injectable()
export class DocumentSubjects {
  private readonly resolvers = new Map<string, SubjectResolver>();

  register(documentType: string, resolver: SubjectResolver): void {
    if (this.resolvers.has(documentType)) throw new Error(`a subject resolver for ${documentType} exists`);
    this.resolvers.set(documentType, resolver);
  }

  /**
   * A document another module made and owns (minutes, from their meeting: it has a subject) is
   * revised and sent again from the owner's page, never by hand on the document's (409
   * SUBJECT_OWNS_DOCUMENT), or a returned copy could be sent and signed beside the corrected one.
   */
  async assertNotOwned(
    em: EntityManager,
    document: { id: string; documentType: string; metadata: Record<string, unknown> },
  ): Promise<void> {
    const subject = await this.of(em, document);
    if (subject) {
      throw conflict(
        'SUBJECT_OWNS_DOCUMENT',
        `This ${document.documentType} document is revised and sent again from its ${subject.type}'s page`,
        { documentType: document.documentType, subject },
      );
    }
  }

  async of(
    em: EntityManager,
    document: { id: string; documentType: string; metadata: Record<string, unknown> },
  ): Promise<DocumentSubject | null> {
    const resolver = this.resolvers.get(document.documentType);
    return resolver ? resolver(em, document) : null;
  }
}
