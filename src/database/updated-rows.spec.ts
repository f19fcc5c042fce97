import { updatedRows } from './updated-rows.js';

describe('updatedRows', () => {
  it('takes the rows out of the [rows, affectedCount] answer of an UPDATE or DELETE', () => {
    expect(updatedRows([[{ id: 'a' }, { id: 'b' }], 2])).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(updatedRows([[], 0])).toEqual([]);
  });

  it('passes the rows of a SELECT or INSERT through', () => {
    expect(updatedRows([{ id: 'a' }, { id: 'b' }])).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(updatedRows([])).toEqual([]);
  });
});
