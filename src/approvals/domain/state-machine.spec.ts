import { expectTransitionTable } from '../../../test/support/transition-table.js';
import { DomainError } from '../../common/errors/domain-error.js';
import {
  canDocumentTransition,
  DOCUMENT_EVENTS,
  DOCUMENT_STATUSES,
  type DocumentEvent,
  type DocumentStatus,
  nextDocumentStatus,
  nextTaskStatus,
} from './state-machine.js';

const NOT_SUBMITTABLE = 'DOCUMENT_NOT_SUBMITTABLE';
const NOT_IN_REVIEW = 'DOCUMENT_NOT_IN_REVIEW';
const NOT_WITHDRAWABLE = 'DOCUMENT_NOT_WITHDRAWABLE';

/** Every status and event of a document, written out by hand: where it leads, or the code it is refused with. */
const DOCUMENT: Record<DocumentStatus, Record<DocumentEvent, string>> = {
  draft: {
    submit: 'in_review',
    approve_final: NOT_IN_REVIEW,
    reject: NOT_IN_REVIEW,
    return: NOT_IN_REVIEW,
    withdraw: 'withdrawn',
  },
  in_review: {
    submit: NOT_SUBMITTABLE,
    approve_final: 'approved',
    reject: 'rejected',
    return: 'returned',
    withdraw: 'withdrawn',
  },
  returned: {
    submit: 'in_review',
    approve_final: NOT_IN_REVIEW,
    reject: NOT_IN_REVIEW,
    return: NOT_IN_REVIEW,
    withdraw: 'withdrawn',
  },
  approved: {
    submit: NOT_SUBMITTABLE,
    approve_final: NOT_IN_REVIEW,
    reject: NOT_IN_REVIEW,
    return: NOT_IN_REVIEW,
    withdraw: NOT_WITHDRAWABLE,
  },
  rejected: {
    submit: NOT_SUBMITTABLE,
    approve_final: NOT_IN_REVIEW,
    reject: NOT_IN_REVIEW,
    return: NOT_IN_REVIEW,
    withdraw: NOT_WITHDRAWABLE,
  },
  withdrawn: {
    submit: NOT_SUBMITTABLE,
    approve_final: NOT_IN_REVIEW,
    reject: NOT_IN_REVIEW,
    return: NOT_IN_REVIEW,
    withdraw: NOT_WITHDRAWABLE,
  },
};

describe('state machines', () => {
  it('a document allows exactly the transitions of its table and refuses every other with a coded 409', () => {
    expectTransitionTable(
      {
        statuses: DOCUMENT_STATUSES,
        events: DOCUMENT_EVENTS,
        can: canDocumentTransition,
        next: nextDocumentStatus,
      },
      DOCUMENT,
    );
  });

  it('follows the document lifecycle', () => {
    expect(nextDocumentStatus('draft', 'submit')).toBe('in_review');
    expect(nextDocumentStatus('in_review', 'approve_final')).toBe('approved');
    expect(nextDocumentStatus('in_review', 'return')).toBe('returned');
    expect(nextDocumentStatus('returned', 'submit')).toBe('in_review');
    expect(nextDocumentStatus('in_review', 'withdraw')).toBe('withdrawn');
  });

  it('refuses the rest with a coded 409', () => {
    const attempt = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e as DomainError;
      }
      throw new Error('no error');
    };
    expect(attempt(() => nextDocumentStatus('approved', 'withdraw')).code).toBe('DOCUMENT_NOT_WITHDRAWABLE');
    expect(attempt(() => nextDocumentStatus('draft', 'reject')).code).toBe('DOCUMENT_NOT_IN_REVIEW');
    expect(attempt(() => nextDocumentStatus('in_review', 'submit')).status).toBe(409);
    expect(attempt(() => nextTaskStatus('approved', 'approve')).code).toBe('TASK_ALREADY_DECIDED');
    expect(attempt(() => nextTaskStatus('pending', 'recall')).code).toBe('TASK_NOT_RECALLABLE');
    expect(nextTaskStatus('approved', 'recall')).toBe('recalled');
  });
});
