import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createUserWithToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { slowUpload, untilUploadBegins } from '../support/slow-upload.js';
import { waitFor } from '../support/wait.js';

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
    await t.close();
  });

  it('finishes a request in flight on close, and takes no new ones', async () => {
    const { token } = await createUserWithToken(t);
    // The rest of the body waits until the close has begun.
    const upload = slowUpload(t.baseUrl, token);
    await untilUploadBegins(filesDir);

    const closing = t.close();
    await waitFor('the listener to close', () => !t.app.getHttpServer().listening);
    upload.release();
    const res = await upload.response;
    expect(res.status).toBe(201);
    // Answered while closing: the keep-alive connection is released rather than held open.
    expect(res.headers.get('connection')).toBe('close');
    expect(((await res.json()) as { sha256: string }).sha256).toBe(upload.sha256);
    await closing;
    // The test app's close leaves nothing of it behind, its stored files included.
    expect(existsSync(filesDir)).toBe(false);

    await expect(fetch(`${t.baseUrl}/health/live`)).rejects.toThrow();
  });
});
