import { DomainError } from '../../common/errors/domain-error.js';
import { nextDocumentStatus, nextTaskStatus } from './state-machine.js';

describe('state machines', () => {
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
