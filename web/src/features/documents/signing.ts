import type { Schemas } from '../../api/client';

type Doc = Schemas['DocumentDto'];

/** Every stage approved, the document not yet: the server is signing it off. */
export function signingOff(doc: Doc | undefined): boolean {
  return (
    !!doc &&
    doc.status === 'in_review' &&
    doc.stages.length > 0 &&
    doc.stages.every((s) => s.status === 'approved')
  );
}

/**
 * A stage decided and the next one not yet open: the worker opens it (its tasks, who holds the
 * document now) moments after the decision; the sign-off after the last stage is the same step.
 */
export function advancing(doc: Doc | undefined): boolean {
  return (
    !!doc &&
    doc.status === 'in_review' &&
    doc.stages.length > 0 &&
    !doc.stages.some((s) => s.status === 'active' || s.status === 'blocked')
  );
}

/**
 * Whether the server is still at work on this document in the background, so its page should look
 * again: opening its next stage, signing it off, or, once approved, making its signed copy (the
 * worker renders it after the sign-off, seconds later; until then the page offers the approved
 * version).
 */
export function stillSigning(doc: Doc | undefined): boolean {
  return advancing(doc) || (doc?.status === 'approved' && !doc.signedCopy);
}
