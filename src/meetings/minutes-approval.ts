import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import type { Meeting } from './entities/meeting.entity.js';

export interface MinutesApprovalInput {
  /** `minutes`, or `minutes_erratum` for a correction of approved minutes. */
  kind: 'minutes' | 'minutes_erratum';
  meeting: Meeting;
  submitterId: string;
  title: string;
  /** The printable minutes (UTF-8 HTML): the document's content, hashed and signed by the DWF. */
  html: string;
}

/**
 * The one place where the meetings module talks to the approvals engine (src/approvals): it
 * creates and submits a DWF document whose approver is the meeting's chair, in the caller's
 * transaction. The engine reports the decision back through `MinutesService.applyDecision`.
 */
@Injectable()
export class MinutesApproval {
  // eslint-disable-next-line @typescript-eslint/require-await
  async submit(_em: EntityManager, _input: MinutesApprovalInput): Promise<{ documentId: string }> {
    throw new DomainError(
      'APPROVALS_UNAVAILABLE',
      HttpStatus.SERVICE_UNAVAILABLE,
      'The approvals engine does not accept minutes yet',
    );
  }
}
