import { createReadStream } from 'node:fs';
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';

/** How many leading bytes the MIME sniffer reads (file-type needs at most ~4 KB). */
export const SNIFF_BYTES = 4100;

/** Text types a client may name for a body that decodes as UTF-8 text; anything else text is text/plain. */
const TEXT_TYPES = new Set(['text/plain', 'text/csv', 'text/markdown', 'application/json']);

/**
 * Characters that change how a name displays without being seen: C0 and C1 controls, the
 * bidirectional marks, embeddings, overrides and isolates (`invoice\u202Efdp.exe` shows as
 * "invoiceexe.pdf"), and the byte order mark. Khmer's zero-width space, joiner and non-joiner
 * (U+200B-U+200D) are part of its writing and stay.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * A client's file name made safe to store and echo: no directories, no control or bidirectional
 * formatting characters, Unicode-normalised (Khmer is kept as is), at most 255 characters.
 */
export function cleanFileName(name: string | undefined | null): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.normalize('NFC').replace(INVISIBLE_CONTROLS, '').trim();
  const limited = Array.from(cleaned).slice(0, 255).join('');
  return limited === '' || limited === '.' || limited === '..' ? 'file' : limited;
}

/** True when the bytes are UTF-8 text without NULs. `truncated`: the bytes are a head, which may cut a character. */
export function looksLikeUtf8Text(head: Buffer, truncated: boolean): boolean {
  if (head.includes(0)) return false;
  let bytes = head;
  if (truncated) {
    // Drop a multi-byte character cut at the end of the head (at most 3 continuation bytes).
    let cut = bytes.length;
    for (let i = 1; i <= 3 && bytes.length - i >= 0; i++) {
      const b = bytes[bytes.length - i];
      if ((b & 0xc0) === 0x80) continue; // continuation byte
      if ((b & 0xc0) === 0xc0) cut = bytes.length - i; // lead byte of a cut character
      break;
    }
    bytes = bytes.subarray(0, cut);
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The MIME type of a file from its first bytes. The client's type is used only to choose between
 * harmless text types when the bytes are text; a binary format is always what the magic numbers say.
 */
export async function sniffMime(head: Buffer, truncated: boolean, clientType?: string): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  if (looksLikeUtf8Text(head, truncated)) {
    const claimed = (clientType ?? '').split(';')[0].trim().toLowerCase();
    return TEXT_TYPES.has(claimed) ? claimed : 'text/plain';
  }
  return 'application/octet-stream';
}

/** RFC 5987 / 6266: an ASCII fallback `filename` and the exact name as UTF-8 `filename*`. */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const name = cleanFileName(fileName);
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Where a blob lives under the files directory: `ab/cd/abcd…` (two prefix levels keep directories small). */
export function storageKeyFor(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256 hex digest');
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** The types an upload may have (#14.14), with the file name extensions each may carry. */
export const ALLOWED_UPLOAD_TYPES: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'application/msword': ['doc', 'dot'],
  'application/vnd.ms-excel': ['xls', 'xlt'],
  'application/vnd.ms-powerpoint': ['ppt', 'pot', 'pps'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/vnd.oasis.opendocument.presentation': ['odp'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
};

/**
 * The legacy Office formats are OLE2 compound files, as are .msi installers: the stream a format
 * must hold tells them apart (its name in UTF-16 in the file's directory).
 */
const COMPOUND_FILE_STREAMS: [string, string][] = [
  ['WordDocument', 'application/msword'],
  ['Workbook', 'application/vnd.ms-excel'],
  ['Book', 'application/vnd.ms-excel'],
  ['PowerPoint Document', 'application/vnd.ms-powerpoint'],
];

/** Which legacy Office format a compound file is, from the streams it names (read in chunks). */
async function compoundFileType(path: string): Promise<string | undefined> {
  const needles = COMPOUND_FILE_STREAMS.map(([name, mime]) => ({
    bytes: Buffer.concat([Buffer.from(name, 'utf16le'), Buffer.alloc(2)]),
    mime,
  }));
  const overlap = Math.max(...needles.map((n) => n.bytes.length));
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(path)) {
    const window = Buffer.concat([tail, chunk as Buffer]);
    const found = needles.find((n) => window.includes(n.bytes));
    if (found) return found.mime;
    tail = window.subarray(Math.max(0, window.length - overlap));
  }
  return undefined;
}

/** The extension of a name (lower case) when it has one: a last dot segment with a letter in it. */
function extensionOf(name: string): string | undefined {
  const m = /\.([a-z0-9]{1,5})$/i.exec(name);
  return m && /[a-z]/i.test(m[1]) ? m[1].toLowerCase() : undefined;
}

export type UploadTypeCheck =
  | { ok: true; mime: string }
  | { ok: false; code: 'FILE_TYPE_NOT_ALLOWED' | 'FILE_TYPE_MISMATCH'; mime: string };

/**
 * Whether an uploaded file (on disk at `path`) is of an allowed type, judged from its bytes (the
 * whole file: Office and OpenDocument formats are ZIP archives told apart by their entries), and
 * whether its name's extension, when it has one, is one of that type's.
 */
export async function checkUploadType(path: string, name: string): Promise<UploadTypeCheck> {
  const detected = await fileTypeFromFile(path);
  let mime = detected?.mime ?? 'application/octet-stream';
  if (mime === 'application/x-cfb') mime = (await compoundFileType(path)) ?? mime;
  const extensions = ALLOWED_UPLOAD_TYPES[mime];
  if (!extensions) return { ok: false, code: 'FILE_TYPE_NOT_ALLOWED', mime };
  const ext = extensionOf(name);
  if (ext !== undefined && !extensions.includes(ext)) return { ok: false, code: 'FILE_TYPE_MISMATCH', mime };
  return { ok: true, mime };
}
