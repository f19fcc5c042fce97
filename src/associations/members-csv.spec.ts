import { checkImportRows, CsvError, parseCsv } from './members-csv.js';

describe('members CSV', () => {
  it('parses quotes, CRLF, BOM, Khmer and blank lines, with line numbers', () => {
    const text =
      '\uFEFFusername,Status,member_no,joinedOn,role\r\nsok,active,"A,1",2014-01-02,\r\n\r\n"ស៊ាន ""x""",retired,A2,,committee\n';
    const { header, rows } = parseCsv(text);
    expect(header).toEqual(['username', 'status', 'memberno', 'joinedon', 'role']);
    expect(rows).toEqual([
      {
        line: 2,
        fields: { username: 'sok', status: 'active', memberno: 'A,1', joinedon: '2014-01-02', role: '' },
      },
      {
        line: 4,
        fields: { username: 'ស៊ាន "x"', status: 'retired', memberno: 'A2', joinedon: '', role: 'committee' },
      },
    ]);
  });

  it('rejects bad rows with their line and reason', () => {
    const { header, rows } = parseCsv(
      'username,userId,status,joinedOn,role\nok,,active,,\n,,active,,\nx,not-a-uuid,active,,\ny,,dead,2014-02-30,boss\n',
    );
    const { ok, rejected } = checkImportRows(header, rows);
    expect(ok.map((r) => r.line)).toEqual([2]);
    expect(ok[0]).toMatchObject({ username: 'ok', status: 'active', role: 'member', memberNo: null });
    expect(rejected).toEqual([
      {
        line: 3,
        reason: 'username or userId is required',
        problems: [{ code: 'USER_REQUIRED', line: null, value: null }],
      },
      {
        line: 4,
        reason: 'userId must be a UUID',
        problems: [{ code: 'USER_ID_INVALID', line: null, value: 'not-a-uuid' }],
      },
      {
        line: 5,
        reason: expect.stringContaining('status must be active or retired'),
        problems: expect.any(Array),
      },
    ]);
    expect(rejected[2].problems.map((p) => p.code)).toEqual([
      'STATUS_INVALID',
      'ROLE_INVALID',
      'JOINED_ON_INVALID',
    ]);
    expect(rejected[2].reason).toContain('role must be');
    expect(rejected[2].reason).toContain('joinedOn must be a date');
  });

  it('refuses a bad header or an empty file', () => {
    expect(() => parseCsv('')).toThrow(CsvError);
    expect(() =>
      checkImportRows(...(Object.values(parseCsv('name,status\nx,active')) as [string[], never])),
    ).toThrow(/Unknown column/);
    expect(() =>
      checkImportRows(...(Object.values(parseCsv('status\nactive')) as [string[], never])),
    ).toThrow(/username or userId/);
    expect(() => parseCsv('username,status\n"open,active')).toThrow(/Unterminated/);
  });
});
