import { Job } from '../../outbox/job.decorator.js';
import {
  type JobContext,
  type JobHandler,
  type JobPayloads,
  QueueName,
  STANDARD_RETRY,
} from '../../outbox/jobs.js';
import { SignedCopyService } from '../signed-copy.service.js';

declare module '../../outbox/jobs.js' {
  interface JobPayloads {
    /** Render the signed copy of an approved document (the approved version + the sign-off sheet), once. */
    'approvals.signed_copy': { documentId: string };
  }
}

/**
 * Renders and stores a signed document's signed copy, once (the service checks under the row lock).
 * On the PDF queue: as many at once as the renderer has pages.
 */
@Job({ name: 'approvals.signed_copy', queue: QueueName.Pdf, retry: STANDARD_RETRY })
export class SignedCopyJob implements JobHandler<'approvals.signed_copy'> {
  constructor(private readonly signedCopies: SignedCopyService) {}

  handle(payload: JobPayloads['approvals.signed_copy'], ctx: JobContext): Promise<void> {
    return this.signedCopies.make(payload, ctx);
  }
}
