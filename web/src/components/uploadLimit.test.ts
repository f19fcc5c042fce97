import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { uploadLimitMb } from './ErrorMessage';

describe('a file refused as too large', () => {
  it('says the limit the server gave, in MB', () => {
    expect(uploadLimitMb(new ApiError(413, 'FILE_TOO_LARGE', 'big', { maxBytes: 25 * 1024 * 1024 }))).toBe(
      25,
    );
    expect(uploadLimitMb(new ApiError(413, 'FILE_TOO_LARGE', 'big', { maxBytes: 1536 * 1024 }))).toBe(1.5);
  });
  it('says nothing of a limit it was not given, or for another refusal', () => {
    expect(uploadLimitMb(new ApiError(413, 'FILE_TOO_LARGE', 'big'))).toBeNull();
    expect(uploadLimitMb(new ApiError(413, 'FILE_TOO_LARGE', 'big', { maxBytes: 'x' }))).toBeNull();
    expect(uploadLimitMb(new ApiError(400, 'VALIDATION_FAILED', 'no', { maxBytes: 10 }))).toBeNull();
  });
});
