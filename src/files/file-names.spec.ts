import {
  cleanFileName,
  contentDisposition,
  looksLikeUtf8Text,
  sniffMime,
  storageKeyFor,
} from './file-names.js';

const PNG_HEAD = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0e2d0b40000000049454e44ae426082',
  'hex',
);

describe('file names and types', () => {
  it('keeps Khmer names and drops directories and control characters', () => {
    expect(cleanFileName('../../etc/របាយការណ៍ ២០២៦.pdf')).toBe('របាយការណ៍ ២០២៦.pdf');
    expect(cleanFileName('C:\\Users\\a\\b.txt')).toBe('b.txt');
    expect(cleanFileName('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(cleanFileName('')).toBe('file');
    expect(cleanFileName('..')).toBe('file');
    expect(Array.from(cleanFileName('ក'.repeat(300))).length).toBe(255);
  });

  it('#14.14 drops bidirectional and C1 controls, keeps Khmer zero-width characters', () => {
    expect(cleanFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(cleanFileName('\u2066a\u2069\u200E\u200F\u061C\u202A\u202B\u202C\u202D\u0085\uFEFFb.pdf')).toBe(
      'ab.pdf',
    );
    expect(cleanFileName('ក\u200Bខ\u200Cគ\u200Dឃ.pdf')).toBe('ក\u200Bខ\u200Cគ\u200Dឃ.pdf');
    expect(cleanFileName('\u202E')).toBe('file');
  });

  it('writes an RFC 5987 Content-Disposition with an ASCII fallback', () => {
    const header = contentDisposition('ក្រសួង "x".pdf');
    expect(header).toBe(
      `attachment; filename="______ _x_.pdf"; filename*=UTF-8''${encodeURIComponent('ក្រសួង "x".pdf')}`,
    );
    expect(contentDisposition("it's (1).txt", 'inline')).toBe(
      `inline; filename="it's (1).txt"; filename*=UTF-8''it%27s%20%281%29.txt`,
    );
  });

  it('sniffs binary formats from their bytes, whatever the client says', async () => {
    expect(await sniffMime(PNG_HEAD, false, 'text/plain')).toBe('image/png');
    expect(await sniffMime(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), true, 'text/plain')).toBe(
      'application/pdf',
    );
  });

  it('calls UTF-8 text text/plain, or a harmless text type the client named', async () => {
    expect(await sniffMime(Buffer.from('សួស្តី'), false, 'text/html')).toBe('text/plain');
    expect(await sniffMime(Buffer.from('a,b\n1,2\n'), false, 'text/csv')).toBe('text/csv');
    expect(await sniffMime(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x80, 0x81, 0x82]), false)).toBe(
      'application/octet-stream',
    );
  });

  it('accepts a text head that ends in the middle of a Khmer character', () => {
    const bytes = Buffer.from('ក្រសួង');
    expect(looksLikeUtf8Text(bytes.subarray(0, bytes.length - 1), true)).toBe(true);
    expect(looksLikeUtf8Text(bytes.subarray(0, bytes.length - 1), false)).toBe(false);
    expect(looksLikeUtf8Text(Buffer.from('a\u0000b'), false)).toBe(false);
  });

  it('spreads blobs over two levels of directories', () => {
    const sha = 'ab'.repeat(32);
    expect(storageKeyFor(sha)).toBe(`ab/ab/${sha}`);
    expect(() => storageKeyFor('../x')).toThrow();
  });
});
