import { jsonShapeProblem } from './json-body.js';

describe('#14.6 jsonShapeProblem', () => {
  it('finds nesting deeper than the limit, in arrays and objects alike', () => {
    expect(jsonShapeProblem('[[[1]]]', 3)).toBeUndefined();
    expect(jsonShapeProblem('[[[[1]]]]', 3)).toBe('too-deep');
    expect(jsonShapeProblem('{"a":{"b":{"c":{}}}}', 3)).toBe('too-deep');
    expect(jsonShapeProblem('[{},{},{},[],[]]', 2)).toBeUndefined();
  });

  it('does not count brackets, commas or escaped quotes inside strings', () => {
    expect(jsonShapeProblem('{"a":"[[[[{{{{"}', 2)).toBeUndefined();
    expect(jsonShapeProblem('["\\"[[[[", "x"]', 2)).toBeUndefined();
    expect(jsonShapeProblem('["a,b,c,d,e"]', 5, 2)).toBeUndefined();
  });

  it('finds an array with more items than the limit, at any level, but not wide objects', () => {
    expect(jsonShapeProblem('[1,2,3]', 5, 3)).toBeUndefined();
    expect(jsonShapeProblem('[1,2,3,4]', 5, 3)).toBe('array-too-long');
    expect(jsonShapeProblem('{"x":[[1],[1,2,3,4]]}', 5, 3)).toBe('array-too-long');
    expect(jsonShapeProblem('[[1,2],[1,2],[1,2]]', 5, 3)).toBeUndefined();
    expect(jsonShapeProblem('{"a":1,"b":2,"c":3,"d":4}', 5, 3)).toBeUndefined();
  });

  // One pass over the text, no backtracking: its speed belongs to a benchmark, not to a timed test.
  it('reads a megabyte of Khmer text with its brackets in strings and finds nothing wrong', () => {
    const text = JSON.stringify({
      items: Array.from({ length: 900 }, (_, i) => ({ n: i, s: `${'ក'.repeat(400)}[{"` })),
    });
    expect(text.length).toBeGreaterThan(360_000);
    expect(jsonShapeProblem(text)).toBeUndefined();
    expect(jsonShapeProblem(text, 64, 899)).toBe('array-too-long');
  });
});
