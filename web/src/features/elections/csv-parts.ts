/** A part of a CSV file to send on its own: the header, then some of the rows as written. */
export interface CsvPart {
  text: string;
  /** Add to the part's line numbers to get the file's (the `lineOffset` of the import). */
  lineOffset: number;
  rows: number;
}

/**
 * Splits a CSV file into parts of at most `size` rows, each with the header repeated, so that a
 * long import goes in several requests and its progress can be shown. Rows are cut at line ends
 * outside quotes (a quoted field may hold line breaks), and each part keeps its rows' text as
 * written, so its line numbers plus `lineOffset` are the file's. A file without rows is one part
 * (the server says what is wrong with it).
 */
export function splitCsv(text: string, size = 500): CsvPart[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: { start: number; end: number; line: number; blank: boolean }[] = [];
  let quoted = false;
  let line = 1;
  let start = 0;
  let startLine = 1;
  const end = (at: number) => {
    records.push({ start, end: at, line: startLine, blank: src.slice(start, at).trim() === '' });
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '"') quoted = !quoted;
    else if ((ch === '\n' || ch === '\r') && !quoted) {
      end(i);
      if (ch === '\r' && src[i + 1] === '\n') i++;
      line++;
      start = i + 1;
      startLine = line;
    } else if (ch === '\n') line++;
  }
  if (start < src.length) end(src.length);
  const headerIndex = records.findIndex((r) => !r.blank);
  const rows = records.slice(headerIndex + 1).filter((r) => !r.blank);
  if (headerIndex < 0 || rows.length === 0) return [{ text: src, lineOffset: 0, rows: 0 }];
  const header = records[headerIndex]!;
  const headerText = src.slice(header.start, header.end);
  const parts: CsvPart[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    const first = chunk[0]!;
    const last = chunk[chunk.length - 1]!;
    parts.push({
      text: `${headerText}\n${src.slice(first.start, last.end)}`,
      lineOffset: first.line - 2,
      rows: chunk.length,
    });
  }
  return parts;
}
