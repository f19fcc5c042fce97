import { conflict } from '../../common/errors/domain-error.js';

/** The document lifecycle of DESIGN.md §4, as data. `apply` refuses anything not in the table. */
export type DocumentEvent = 'submit' | 'approve_final' | 'reject' | 'return' | 'withdraw';

export const DOCUMENT_STATUSES = [
  'draft',
  'in_review',
  'returned',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export const DOCUMENT_EVENTS: readonly DocumentEvent[] = [
  'submit',
  'approve_final',
  'reject',
  'return',
  'withdraw',
];

export const DOCUMENT_TRANSITIONS: Record<DocumentStatus, Partial<Record<DocumentEvent, DocumentStatus>>> = {
  // A draft is submitted, or discarded by its submitter (one whose submission was refused, say).
  draft: { submit: 'in_review', withdraw: 'withdrawn' },
  in_review: { approve_final: 'approved', reject: 'rejected', return: 'returned', withdraw: 'withdrawn' },
  // A returned document is revised and resubmitted, or abandoned by its submitter.
  returned: { submit: 'in_review', withdraw: 'withdrawn' },
  approved: {},
  rejected: {},
  withdrawn: {},
};

const DOCUMENT_ERRORS: Record<DocumentEvent, string> = {
  submit: 'DOCUMENT_NOT_SUBMITTABLE',
  approve_final: 'DOCUMENT_NOT_IN_REVIEW',
  reject: 'DOCUMENT_NOT_IN_REVIEW',
  return: 'DOCUMENT_NOT_IN_REVIEW',
  withdraw: 'DOCUMENT_NOT_WITHDRAWABLE',
};

export function canDocumentTransition(from: DocumentStatus, event: DocumentEvent): boolean {
  return DOCUMENT_TRANSITIONS[from]?.[event] !== undefined;
}

export function nextDocumentStatus(from: DocumentStatus, event: DocumentEvent): DocumentStatus {
  const to = DOCUMENT_TRANSITIONS[from]?.[event];
  if (!to) {
    throw conflict(DOCUMENT_ERRORS[event], `A document in status '${from}' cannot take '${event}'`, {
      status: from,
      event,
    });
  }
  return to;
}

/** Task lifecycle: a pending task is decided once; an approval may be recalled. */
export type TaskStatus = 'pending' | 'approved' | 'rejected' | 'returned' | 'cancelled' | 'recalled';
export type TaskEvent = 'approve' | 'reject' | 'return' | 'cancel' | 'recall' | 'reassign';

export const TASK_TRANSITIONS: Record<TaskStatus, Partial<Record<TaskEvent, TaskStatus>>> = {
  pending: {
    approve: 'approved',
    reject: 'rejected',
    return: 'returned',
    cancel: 'cancelled',
    reassign: 'pending',
  },
  approved: { recall: 'recalled' },
  rejected: {},
  returned: {},
  cancelled: {},
  recalled: {},
};

export function nextTaskStatus(from: TaskStatus, event: TaskEvent): TaskStatus {
  const to = TASK_TRANSITIONS[from]?.[event];
  if (!to) {
    if (event === 'recall') throw conflict('TASK_NOT_RECALLABLE', 'Only an approval can be recalled');
    throw conflict('TASK_ALREADY_DECIDED', `The task is already ${from}`, { status: from });
  }
  return to;
}
