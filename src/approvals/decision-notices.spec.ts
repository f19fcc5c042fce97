import { readFileSync } from 'node:fs';
import { renderTemplate } from '../notifications/templates.js';
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

  it('in Khmer, tell the submitter what was done, not what to do: "was approved"', () => {
    const params = { reference: 'SYS/2026/00002', title: 'T', decidedBy: 'D', comment: '' };
    expect(
      renderTemplate('approval.decided', 'km', { ...params, decision: DECISION_WORDS.approved }).title,
    ).toBe('ឯកសាររបស់អ្នក SYS/2026/00002 ត្រូវបានអនុម័ត');
    expect(
      renderTemplate('approval.decided', 'km', { ...params, decision: DECISION_WORDS.returned }).title,
    ).toBe('ឯកសាររបស់អ្នក SYS/2026/00002 ត្រូវបានបង្វិលឲ្យកែសម្រួល');
  });
});
