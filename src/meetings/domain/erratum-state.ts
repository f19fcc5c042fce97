import { conflict } from '../../common/errors/domain-error.js';
import type { ErratumStatus } from '../entities/minutes-erratum.entity.js';

/**
 * The lifecycle of an erratum (a correction of approved minutes), as data: it is created in
 * approval, and the chair's DWF decides it once. Returned, rejected and withdrawn documents all
 * leave it `rejected`: a new correction is a new erratum.
 */
export type ErratumEvent = 'approve' | 'reject';
export const ERRATUM_EVENTS: readonly ErratumEvent[] = ['approve', 'reject'];

export const ERRATUM_TRANSITIONS: Readonly<
  Record<ErratumStatus, Readonly<Partial<Record<ErratumEvent, ErratumStatus>>>>
> = {
  in_approval: { approve: 'approved', reject: 'rejected' },
  approved: {},
  rejected: {},
};

export function canErratumTransition(from: ErratumStatus, event: ErratumEvent): boolean {
  return ERRATUM_TRANSITIONS[from][event] !== undefined;
}

/** The status after `event`, or 409 `ERRATUM_ALREADY_DECIDED`. */
export function nextErratumStatus(from: ErratumStatus, event: ErratumEvent): ErratumStatus {
  const to = ERRATUM_TRANSITIONS[from][event];
  if (to === undefined) {
    throw conflict('ERRATUM_ALREADY_DECIDED', `The erratum is already ${from}`, { status: from, event });
  }
  return to;
}
