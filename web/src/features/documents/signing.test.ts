import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { advancing, signingOff, stillSigning } from './signing';

type Doc = Schemas['DocumentDto'];
const doc = (status: Doc['status'], stages: string[], signedCopy: Doc['signedCopy'] = null): Doc =>
  ({ status, stages: stages.map((s) => ({ status: s })), signedCopy }) as unknown as Doc;

describe('while the server signs a document, its page looks again', () => {
  it('during the sign-off: every stage approved, the document not yet', () => {
    expect(signingOff(doc('in_review', ['approved', 'approved']))).toBe(true);
    expect(stillSigning(doc('in_review', ['approved', 'approved']))).toBe(true);
    expect(stillSigning(doc('in_review', ['approved', 'active']))).toBe(false);
    expect(stillSigning(doc('in_review', []))).toBe(false);
  });
  it('between a stage decided and the next opened: who holds it now is not known yet', () => {
    expect(advancing(doc('in_review', ['approved', 'pending']))).toBe(true);
    expect(stillSigning(doc('in_review', ['approved', 'pending', 'pending']))).toBe(true);
    expect(stillSigning(doc('in_review', ['approved', 'active', 'pending']))).toBe(false);
    // A stage nobody can approve waits for an administrator, not for the worker.
    expect(stillSigning(doc('in_review', ['approved', 'blocked']))).toBe(false);
  });
  it('once approved, until its signed copy is there', () => {
    expect(signingOff(doc('approved', ['approved']))).toBe(false);
    expect(stillSigning(doc('approved', ['approved']))).toBe(true);
    const copy = {
      url: '/x',
      sha256: 'ab',
      size: 1,
      at: '2026-12-03T00:00:00Z',
    } as unknown as Doc['signedCopy'];
    expect(stillSigning(doc('approved', ['approved'], copy))).toBe(false);
  });
  it('never for other statuses or no document', () => {
    for (const s of ['draft', 'returned', 'rejected', 'withdrawn'] as const)
      expect(stillSigning(doc(s, ['approved']))).toBe(false);
    expect(stillSigning(undefined)).toBe(false);
  });
});
