import { describe, expect, it } from 'vitest';
import { correctedMetadata, fieldsOf } from './metadata-fields';

describe('the details a returned document may correct', () => {
  it('are the fields the conditions read', () => {
    const condition = {
      and: [
        { field: 'amount', op: '>', value: 10000 },
        { field: 'category', op: '=', value: 'it' },
      ],
    };
    expect([...fieldsOf(condition)].sort()).toEqual(['amount', 'category']);
    expect([...fieldsOf(condition, true)]).toEqual(['amount']);
  });

  it('change only what was changed, numbers as numbers (Khmer digits too); unchanged is null', () => {
    const current = { amount: 5000, category: 'it', meetingId: 'm1' };
    expect(correctedMetadata(current, { amount: '5000', category: 'it' })).toBeNull();
    expect(correctedMetadata(current, { amount: '៦០០០' })).toEqual({
      amount: 6000,
      category: 'it',
      meetingId: 'm1',
    });
    expect(correctedMetadata(current, { amount: '15,000' })).toEqual({ ...current, amount: 15000 });
    expect(correctedMetadata(current, { category: '  ' })).toEqual({ amount: 5000, meetingId: 'm1' });
    expect(correctedMetadata({}, { amount: '' })).toBeNull();
  });
});
