import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from './wait.js';

/** An upload in flight: its answer, and what the server must have stored. */
export interface SlowUpload {
  response: Promise<Response>;
  /** Sends the rest of the body. */
  release(): void;
  /** Of the whole file, as the server's answer must name it. */
  sha256: string;
}

/**
 * A multipart PDF upload (uploads must be of an allowed type: its header, then random bytes) whose
 * body stops after the first piece until `release()`, so a test can act while the request is in
 * flight inside the handler (see `untilUploadBegins`).
 */
export function slowUpload(baseUrl: string, token: string): SlowUpload {
  const boundary = `----mwf${randomBytes(8).toString('hex')}`;
  const chunks = Array.from({ length: 8 }, (_, i) =>
    i === 0 ? Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(64 * 1024)]) : randomBytes(64 * 1024),
  );
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const pieces: (Buffer | Promise<void>)[] = [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.pdf"\r\n` +
        'Content-Type: application/pdf\r\n\r\n',
    ),
    chunks[0],
    gate,
    ...chunks.slice(1),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ];
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = pieces.shift();
      if (next === undefined) return controller.close();
      if (next instanceof Promise) await next;
      else controller.enqueue(next);
    },
  });
  const response = fetch(`${baseUrl}/api/v1/files`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    body,
    duplex: 'half',
  });
  return { response, release, sha256: createHash('sha256').update(Buffer.concat(chunks)).digest('hex') };
}

/** Until the server is inside the upload's handler: its temporary file exists under FILES_DIR. */
export async function untilUploadBegins(filesDir: string): Promise<void> {
  const tmp = join(filesDir, 'tmp');
  await mkdir(tmp, { recursive: true });
  await waitFor('the upload to begin', async () => (await readdir(tmp)).length > 0);
}
