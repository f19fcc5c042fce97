import {
  applicableTemplates,
  chooseTemplate,
  conditionProblems,
  conditionSpecificity,
  evaluateCondition,
  missingNumbers,
  type TemplateCandidate,
} from './condition.js';

describe('condition', () => {
  it('accepts comparisons combined with and/or/not', () => {
    expect(conditionProblems({ field: 'amount', op: '>', value: 10000 })).toEqual([]);
    expect(
      conditionProblems({
        and: [
          { field: 'amount', op: '>=', value: 1 },
          { not: { field: 'kind', op: 'in', value: ['a', 'b'] } },
        ],
      }),
    ).toEqual([]);
    expect(conditionProblems({ or: [{ field: 'budget.total', op: 'exists' }] })).toEqual([]);
  });

  it('refuses anything that is not the tiny language', () => {
    expect(conditionProblems('amount > 1')).not.toEqual([]);
    expect(conditionProblems({ field: 'amount', op: '=>', value: 1 })).not.toEqual([]);
    expect(conditionProblems({ field: 'constructor.prototype', op: 'exists', x: 1 })).not.toEqual([]);
    expect(conditionProblems({ field: '1bad', op: '=', value: 1 })).not.toEqual([]);
    expect(conditionProblems({ and: [] })).not.toEqual([]);
    expect(conditionProblems({ and: [{ field: 'a', op: '=', value: 1 }], or: [] })).not.toEqual([]);
    expect(conditionProblems({ field: 'a', op: '>', value: { $gt: 1 } })).not.toEqual([]);
    expect(conditionProblems({ field: 'a', op: 'in', value: [] })).not.toEqual([]);
    let deep: unknown = { field: 'a', op: 'exists' };
    for (let i = 0; i < 10; i++) deep = { not: deep };
    expect(conditionProblems(deep)).not.toEqual([]);
  });

  it('evaluates against metadata, numeric strings as numbers', () => {
    const big = { field: 'amount', op: '>', value: 10000 } as const;
    expect(evaluateCondition(big, { amount: 15000 })).toBe(true);
    expect(evaluateCondition(big, { amount: '15000' })).toBe(true);
    expect(evaluateCondition(big, { amount: 10000 })).toBe(false);
    expect(evaluateCondition(big, {})).toBe(false);
    expect(evaluateCondition(big, { amount: 'lots' })).toBe(false);
    expect(evaluateCondition({ field: 'unit', op: '=', value: 'ក្រសួង' }, { unit: 'ក្រសួង' })).toBe(true);
    expect(evaluateCondition({ field: 'a.b', op: 'exists' }, { a: { b: 0 } })).toBe(true);
    expect(evaluateCondition({ field: 'a.b', op: 'exists' }, { a: 1 })).toBe(false);
    expect(
      evaluateCondition({ or: [big, { not: { field: 'urgent', op: '=', value: true } }] }, { urgent: true }),
    ).toBe(false);
    expect(evaluateCondition(null, {})).toBe(true);
  });

  it('picks the most specific matching template, then the newest', () => {
    const base = { id: 'base', condition: null, createdAt: new Date(1) };
    const minister = {
      id: 'minister',
      condition: { field: 'amount', op: '>', value: 10000 } as const,
      createdAt: new Date(0),
    };
    const newer = { id: 'newer', condition: null, createdAt: new Date(2) };
    expect(chooseTemplate([base, minister], { amount: 20000 })?.id).toBe('minister');
    expect(chooseTemplate([base, minister], { amount: 5000 })?.id).toBe('base');
    expect(chooseTemplate([base, newer], {})?.id).toBe('newer');
    expect(chooseTemplate([minister], {})).toBeUndefined();
    expect(conditionSpecificity({ and: [minister.condition, minister.condition] })).toBe(2);
  });

  it('#14.2 offers only the most specific matching templates (a catch-all would skip the minister)', () => {
    const base = { id: 'base', condition: null, createdAt: new Date(3) };
    const minister = {
      id: 'minister',
      condition: { field: 'amount', op: '>', value: 10000 } as const,
      createdAt: new Date(0),
    };
    const it = {
      id: 'it',
      condition: { field: 'category', op: '=', value: 'it' } as const,
      createdAt: new Date(1),
    };
    const ids = (meta: Record<string, unknown>) =>
      applicableTemplates([base, minister, it], meta).map((t) => t.id);
    expect(ids({ amount: 20000 })).toEqual(['minister']);
    expect(ids({ amount: 20000, category: 'it' })).toEqual(['it', 'minister']);
    expect(ids({ amount: 5 })).toEqual(['base']);
    expect(applicableTemplates([minister], {})).toEqual([]);
  });

  it('names the fields compared with a number that the metadata does not give as one (text would skip the minister)', () => {
    const base: TemplateCandidate = { id: 'base', condition: null, createdAt: new Date(0) };
    const minister: TemplateCandidate = {
      id: 'minister',
      condition: { and: [{ field: 'amount', op: '>', value: 10000 }, { not: { field: 'x', op: 'exists' } }] },
      createdAt: new Date(0),
    };
    const category: TemplateCandidate = {
      id: 'it',
      condition: { field: 'category', op: '=', value: 'it' },
      createdAt: new Date(0),
    };
    const templates = [base, minister, category];
    expect(missingNumbers(templates, { amount: 20000 })).toEqual([]);
    expect(missingNumbers(templates, { amount: '20000' })).toEqual([]);
    expect(missingNumbers(templates, { amount: 0 })).toEqual([]);
    for (const amount of [
      '២០០០០',
      '20,000',
      '20 000',
      'twenty thousand',
      '',
      null,
      true,
      [20000],
      -20000,
      '-5',
    ])
      expect([amount, missingNumbers(templates, { amount })]).toEqual([amount, ['amount']]);
    expect(missingNumbers(templates, {})).toEqual(['amount']);
    // Types whose templates compare no number with a size ask for nothing.
    expect(missingNumbers([base, category], {})).toEqual([]);
    expect(
      missingNumbers(
        [{ id: 'text', condition: { field: 'code', op: '>', value: 'B' }, createdAt: new Date(0) }],
        {},
      ),
    ).toEqual([]);
  });
});
