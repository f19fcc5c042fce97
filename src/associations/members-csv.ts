import {
  MEMBER_ROLES,
  MEMBER_STATUSES,
  type MemberRole,
  type MemberStatus,
} from './entities/association-member.entity.js';
import { isUuid } from '../common/uuid.js';

export interface CsvRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  fields: Record<string, string>;
}

/** Why a row was rejected (or left unchanged), as a stable code the web app words in km or en. */
export const IMPORT_PROBLEMS = [
  'USER_REQUIRED',
  'USER_ID_INVALID',
  'STATUS_INVALID',
  'ROLE_INVALID',
  'JOINED_ON_INVALID',
  'MEMBER_NO_TOO_LONG',
  'USERNAME_UNKNOWN',
  'USER_ID_UNKNOWN',
  'USER_REPEATED',
  'MEMBER_NO_TAKEN',
  'MEMBER_NO_REPEATED',
  'ALREADY_MEMBER',
] as const;
export type ImportProblemCode = (typeof IMPORT_PROBLEMS)[number];

export interface ImportProblem {
  code: ImportProblemCode;
  /** The other line of the file it concerns (a repeated user or member number). */
  line: number | null;
  /** The value at fault (a username, a member number). */
  value: string | null;
}

export const problem = (
  code: ImportProblemCode,
  value: string | null = null,
  line: number | null = null,
) => ({
  code,
  value,
  line,
});

/** The problem in English (the API's `reason`). */
export function describeProblem(p: ImportProblem): string {
  switch (p.code) {
    case 'USER_REQUIRED':
      return 'username or userId is required';
    case 'USER_ID_INVALID':
      return 'userId must be a UUID';
    case 'STATUS_INVALID':
      return 'status must be active or retired';
    case 'ROLE_INVALID':
      return 'role must be member, committee or admin';
    case 'JOINED_ON_INVALID':
      return 'joinedOn must be a date YYYY-MM-DD';
    case 'MEMBER_NO_TOO_LONG':
      return 'memberNo is longer than 50 characters';
    case 'USERNAME_UNKNOWN':
      return `unknown username ${p.value}`;
    case 'USER_ID_UNKNOWN':
      return `unknown userId ${p.value}`;
    case 'USER_REPEATED':
      return `the same user is on line ${p.line}`;
    case 'MEMBER_NO_TAKEN':
      return `member number ${p.value} is taken`;
    case 'MEMBER_NO_REPEATED':
      return `member number ${p.value} is also on line ${p.line}`;
    case 'ALREADY_MEMBER':
      return 'already a member';
  }
}

export interface RejectedRow {
  line: number;
  reason: string;
  problems: ImportProblem[];
}

export const MAX_IMPORT_ROWS = 20_000;
const COLUMNS = ['username', 'userid', 'status', 'memberno', 'joinedon', 'role'] as const;

/**
 * Parses CSV (RFC 4180: commas, double-quoted fields with "" for a quote, CRLF or LF, an optional
 * UTF-8 BOM) with a header row. Header names are matched case-insensitively, ignoring spaces and
 * underscores (`member_no`, `Member No` and `memberNo` are the same column). Blank lines are skipped.
 */
export function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0].trim() === '')) records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += ch;
    }
  }
  if (quoted) throw new CsvError(`Unterminated quoted field starting on line ${recordLine}`);
  if (cell !== '' || cells.length > 0) endRecord();
  if (records.length === 0) throw new CsvError('The CSV is empty: a header row is required');
  const header = records[0].cells.map(normaliseHeader);
  const rows = records.slice(1).map((r) => ({
    line: r.line,
    fields: Object.fromEntries(header.map((h, i) => [h, (r.cells[i] ?? '').trim()])),
  }));
  return { header, rows };
}

export class CsvError extends Error {}

export function normaliseHeader(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

export interface ImportCandidateRow {
  line: number;
  username: string | null;
  userId: string | null;
  status: MemberStatus;
  memberNo: string | null;
  joinedOn: string | null;
  role: MemberRole;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Checks the header and each row on its own (shape only: whether users exist and numbers are
 * free is checked against the database afterwards). Returns the good rows and the rejected ones.
 */
export function checkImportRows(
  header: string[],
  rows: CsvRow[],
): { ok: ImportCandidateRow[]; rejected: RejectedRow[] } {
  const unknown = header.filter((h) => h && !(COLUMNS as readonly string[]).includes(h));
  if (unknown.length)
    throw new CsvError(
      `Unknown column(s): ${unknown.join(', ')}. Allowed: username or userId, status, memberNo, joinedOn, role`,
    );
  if (!header.includes('username') && !header.includes('userid'))
    throw new CsvError('The header needs a username or userId column');
  if (!header.includes('status')) throw new CsvError('The header needs a status column');
  if (rows.length === 0) throw new CsvError('The CSV has no rows');
  if (rows.length > MAX_IMPORT_ROWS) throw new CsvError(`At most ${MAX_IMPORT_ROWS} rows per import`);

  const ok: ImportCandidateRow[] = [];
  const rejected: RejectedRow[] = [];
  for (const { line, fields } of rows) {
    const problems: ImportProblem[] = [];
    const username = fields.username ? fields.username.toLowerCase() : null;
    const userId = fields.userid || null;
    if (!username && !userId) problems.push(problem('USER_REQUIRED'));
    if (userId && !isUuid(userId)) problems.push(problem('USER_ID_INVALID', userId));
    const status = fields.status?.toLowerCase();
    if (!(MEMBER_STATUSES as readonly string[]).includes(status))
      problems.push(problem('STATUS_INVALID', fields.status ?? null));
    const role = (fields.role || 'member').toLowerCase();
    if (!(MEMBER_ROLES as readonly string[]).includes(role))
      problems.push(problem('ROLE_INVALID', fields.role));
    const joinedOn = fields.joinedon || null;
    if (joinedOn && !isValidDate(joinedOn)) problems.push(problem('JOINED_ON_INVALID', joinedOn));
    const memberNo = fields.memberno || null;
    if (memberNo && memberNo.length > 50) problems.push(problem('MEMBER_NO_TOO_LONG'));
    if (problems.length) {
      rejected.push({ line, reason: problems.map(describeProblem).join('; '), problems });
      continue;
    }
    ok.push({
      line,
      username,
      userId,
      status: status as MemberStatus,
      memberNo,
      joinedOn,
      role: role as MemberRole,
    });
  }
  return { ok, rejected };
}
