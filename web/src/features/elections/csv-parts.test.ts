import { describe, expect, it } from 'vitest';
import { splitCsv } from './csv-parts';

/** The line on which each row of a part starts, counted as the server counts (header = 1). */
function lines(text: string): number[] {
  const out: number[] = [];
  let quoted = false;
  let line = 1;
  let atStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (atStart && ch !== '\n' && ch !== '\r') {
      out.push(line);
      atStart = false;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === '\r' && text[i + 1] === '\n') continue;
    if (ch === '\n' || ch === '\r') {
      line++;
      if (!quoted) atStart = true;
    }
  }
  return out.slice(1);
}

describe('splitCsv', () => {
  it('keeps a short file whole', () => {
    const csv = 'username,status\na,active\nb,retired';
    expect(splitCsv(csv)).toEqual([{ text: csv, lineOffset: 0, rows: 2 }]);
  });

  it('repeats the header and keeps the file’s line numbers through lineOffset', () => {
    const csv = '\uFEFFusername,status\r\na,active\r\n\r\n"b\nb",retired\r\nc,active\r\nd,active\r\n';
    const parts = splitCsv(csv, 2);
    expect(parts.map((p) => p.rows)).toEqual([2, 2]);
    expect(parts.every((p) => p.text.startsWith('username,status\n'))).toBe(true);
    // Rows are on lines 2, 4 (two lines long), 6, 7 of the file.
    const fileLines = parts.flatMap((p) => lines(p.text).map((l) => l + p.lineOffset));
    expect(fileLines).toEqual([2, 4, 6, 7]);
    expect(parts[1]!.text).toBe('username,status\nc,active\r\nd,active');
  });

  it('sends a file without rows as it is', () => {
    expect(splitCsv('username,status\n')).toEqual([{ text: 'username,status\n', lineOffset: 0, rows: 0 }]);
    expect(splitCsv('')).toEqual([{ text: '', lineOffset: 0, rows: 0 }]);
  });
});
