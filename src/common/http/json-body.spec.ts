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

  it('reads a megabyte in milliseconds', () => {
    const text = JSON.stringify({
      items: Array.from({ length: 900 }, (_, i) => ({ n: i, s: 'ក'.repeat(400) })),
    });
    const started = performance.now();
    expect(jsonShapeProblem(text)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(100);
  });
});
