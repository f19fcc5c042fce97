import { createHash, randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createUserWithToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * SIGTERM runs Nest's shutdown hooks (main.ts enables them), which is `app.close()`: the listener
 * stops taking connections, requests in flight finish, then the database and Redis close.
 */
describe('graceful shutdown', () => {
  let t: TestApp;
  let filesDir: string;
  beforeAll(async () => {
    t = await createTestApp();
    filesDir = resolve(t.config.FILES_DIR);
  });
  afterAll(async () => {
    await t.db.drop();
    await rm(filesDir, { recursive: true, force: true });
  });

  it('finishes a request in flight on close, and takes no new ones', async () => {
    const { token } = await createUserWithToken(t);
    const boundary = `----mwf${randomBytes(8).toString('hex')}`;
    // A PDF (uploads must be of an allowed type): its header, then the rest.
    const chunks = Array.from({ length: 8 }, (_, i) =>
      i === 0 ? Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(64 * 1024)]) : randomBytes(64 * 1024),
    );
    const content = Buffer.concat(chunks);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // A multipart upload whose body arrives in pieces: the rest waits until the close has begun.
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
    const upload = fetch(`${t.baseUrl}/api/v1/files`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
      duplex: 'half',
    });

    // The server is inside the handler once the upload's temp file exists.
    const tmp = join(filesDir, 'tmp');
    while ((await readdir(tmp)).length === 0) await sleep(10);

    const closing = t.app.close();
    await sleep(50);
    release();
    const res = await upload;
    expect(res.status).toBe(201);
    // Answered while closing: the keep-alive connection is released rather than held open.
    expect(res.headers.get('connection')).toBe('close');
    const stored = (await res.json()) as { sha256: string; size: number };
    expect(stored.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    await closing;

    await expect(fetch(`${t.baseUrl}/health/live`)).rejects.toThrow();
  });
});
