import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { refusedFields } from './refused';

describe('refusedFields', () => {
  it('names each field a refusal names, once, in order', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'x', [
      { field: 'username', constraint: 'matches' },
      { field: 'stages[1].quorum' },
      { field: 'username', constraint: 'length' },
    ]);
    expect(refusedFields(error)).toEqual(['username', 'stages[1].quorum']);
  });

  it('names none for a refusal without fields, details of another shape, or a network failure', () => {
    expect(refusedFields(new ApiError(409, 'USERNAME_TAKEN', 'x'))).toEqual([]);
    expect(refusedFields(new ApiError(409, 'STALE_REVISION', 'x', { latestRevision: 2 }))).toEqual([]);
    expect(
      refusedFields(new ApiError(400, 'VALIDATION_FAILED', 'x', [{ constraint: 'x' }, { field: 3 }])),
    ).toEqual([]);
    expect(refusedFields(new TypeError('Failed to fetch'))).toEqual([]);
  });
});
