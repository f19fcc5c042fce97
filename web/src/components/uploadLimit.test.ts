import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { fileSize } from '../i18n/khmer-format';
import { uploadLimitBytes } from './ErrorMessage';
import { uploadProblem } from './FileInput';

describe('a file refused as too large', () => {
  it('says the limit the server gave', () => {
    const max = uploadLimitBytes(new ApiError(413, 'FILE_TOO_LARGE', 'big', { maxBytes: 25 * 1024 * 1024 }));
    expect(fileSize(max!, 'en')).toBe('25 MB');
    expect(fileSize(max!, 'km')).toBe('២៥ មេហ្គាបៃ');
    const small = uploadLimitBytes(new ApiError(413, 'FILE_TOO_LARGE', 'big', { maxBytes: 1536 * 1024 }));
    expect(fileSize(small!, 'en')).toBe('1.5 MB');
  });
  it('says nothing of a limit it was not given, or for another refusal', () => {
    expect(uploadLimitBytes(new ApiError(413, 'FILE_TOO_LARGE', 'big'))).toBeNull();
    expect(uploadLimitBytes(new ApiError(413, 'FILE_TOO_LARGE', 'big', { maxBytes: 'x' }))).toBeNull();
    expect(uploadLimitBytes(new ApiError(400, 'VALIDATION_FAILED', 'no', { maxBytes: 10 }))).toBeNull();
  });
});

describe('a file checked before it is sent', () => {
  const limits = { maxBytes: 4 * 1024 * 1024, extensions: ['docx', 'jpg', 'pdf'] };
  it('passes a file of an accepted kind within the limit, whatever the case of its extension', () => {
    expect(uploadProblem({ name: 'លិខិត.pdf', size: 4 * 1024 * 1024 }, limits)).toBeNull();
    expect(uploadProblem({ name: 'SCAN.JPG', size: 10 }, limits)).toBeNull();
  });
  it('refuses one over the limit, and one of a kind the server does not take', () => {
    expect(uploadProblem({ name: 'scan.pdf', size: 4 * 1024 * 1024 + 1 }, limits)).toEqual({
      tooLarge: true,
    });
    expect(uploadProblem({ name: 'setup.exe', size: 10 }, limits)).toEqual({ kind: true });
    expect(uploadProblem({ name: 'README', size: 10 }, limits)).toEqual({ kind: true });
    expect(uploadProblem({ name: 'report.pdf.exe', size: 10 }, limits)).toEqual({ kind: true });
  });
});
