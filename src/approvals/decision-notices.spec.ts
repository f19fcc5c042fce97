import { readFileSync } from 'node:fs';
import { DECISION_WORDS } from './decision-notices.service.js';

describe('the decision notice words', () => {
  it('in Khmer, are the words of the buttons the approver pressed (one wording for "returned")', () => {
    const km = JSON.parse(readFileSync('web/src/i18n/km/documents.json', 'utf8')) as {
      decide: Record<'approve' | 'reject' | 'return', string>;
    };
    expect(DECISION_WORDS.approved.km).toBe(km.decide.approve);
    expect(DECISION_WORDS.rejected.km).toBe(km.decide.reject);
    expect(DECISION_WORDS.returned.km).toBe(km.decide.return);
  });
});
