import type { EntityManager } from 'typeorm';
import { type RequestDecided, RequestOutcomes } from './request-outcomes.js';

const em = {} as EntityManager;
const event = (subjectType: string): RequestDecided => ({
  subjectType,
  documentId: '00000000-0000-4000-8000-000000000001',
  outcome: 'approved',
  verificationCode: 'ABCD',
  decidedAt: new Date('2026-01-01T00:00:00Z'),
});

describe('RequestOutcomes', () => {
  it("tells the owner of the subject's type, with the caller's entity manager, and nobody else", async () => {
    const outcomes = new RequestOutcomes();
    const heard: [string, EntityManager, RequestDecided][] = [];
    outcomes.onDecided('minutes', (m, e) => Promise.resolve(void heard.push(['minutes', m, e])));
    outcomes.onDecided('report', (m, e) => Promise.resolve(void heard.push(['report', m, e])));
    await outcomes.publish(em, event('minutes'));
    expect(heard).toEqual([['minutes', em, event('minutes')]]);
  });

  it('does nothing for a type nobody owns (documents submitted by hand)', async () => {
    await expect(new RequestOutcomes().publish(em, event('letter'))).resolves.toBeUndefined();
  });

  it('refuses a second owner of one type', () => {
    const outcomes = new RequestOutcomes();
    outcomes.onDecided('minutes', () => Promise.resolve());
    expect(() => outcomes.onDecided('minutes', () => Promise.resolve())).toThrow(/minutes/);
  });

  it("fails the decision when the owner's listener fails (one transaction: both or neither)", async () => {
    const outcomes = new RequestOutcomes();
    outcomes.onDecided('minutes', () => Promise.reject(new Error('owner failed')));
    await expect(outcomes.publish(em, event('minutes'))).rejects.toThrow('owner failed');
  });
});
