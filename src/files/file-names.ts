import { fileTypeFromBuffer } from 'file-type';

/** How many leading bytes the MIME sniffer reads (file-type needs at most ~4 KB). */
export const SNIFF_BYTES = 4100;

/** Text types a client may name for a body that decodes as UTF-8 text; anything else text is text/plain. */
const TEXT_TYPES = new Set(['text/plain', 'text/csv', 'text/markdown', 'application/json']);

/**
 * A client's file name made safe to store and echo: no directories, no control characters,
 * Unicode-normalised (Khmer is kept as is), at most 255 characters.
 */
export function cleanFileName(name: string | undefined | null): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
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
