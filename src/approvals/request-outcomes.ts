import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** How a request ended (or, for `returned`, paused until the submitter resubmits). */
export type RequestOutcome = 'approved' | 'rejected' | 'returned' | 'withdrawn';

/** A decision on a document another module sent through the workflow (ApprovalsGateway). */
export interface RequestDecided {
  /** The document type the owning module submitted, e.g. `minutes`: the subject's type. */
  subjectType: string;
  documentId: string;
  outcome: RequestOutcome;
  /** The new verification code, when approved. */
  verificationCode: string | null;
  decidedAt: Date;
}

export type RequestDecidedListener = (em: EntityManager, event: RequestDecided) => Promise<void>;

/**
 * The module that owns a document type registers at start-up to hear of the decisions on its
 * documents; the engine tells it in the deciding transaction, so what the owner records (e.g. an
 * outbox event) commits with the decision or not at all. The engine knows nothing of the owners.
 */
@Injectable()
export class RequestOutcomes {
  private readonly listeners = new Map<string, RequestDecidedListener>();

  onDecided(subjectType: string, listener: RequestDecidedListener): void {
    if (this.listeners.has(subjectType)) throw new Error(`a listener for ${subjectType} exists`);
    this.listeners.set(subjectType, listener);
  }

  async publish(em: EntityManager, event: RequestDecided): Promise<void> {
    await this.listeners.get(event.subjectType)?.(em, event);
  }
}
