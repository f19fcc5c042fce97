import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { createHttpApp } from '../../src/bootstrap.js';
import { AppConfig, loadConfig } from '../../src/config/app-config.js';
import { deleteRedisKeys } from '../support/local-resources.js';
import { closeAtEndOfFile } from '../support/open-apps.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';
import { TEST_REDIS_URL, testQueuePrefix } from './test-env.js';

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, string>;
  raw: string;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  body?: unknown;
  query?: Record<string, string>;
}

/** The real application on a fresh database and its own queue prefix, spoken to through HTTP (inject). */
export class TestApp {
  constructor(
    readonly app: NestFastifyApplication,
    readonly config: AppConfig,
    readonly db: TestDatabase,
    readonly baseUrl: string,
  ) {}

  get dataSource(): DataSource {
    return this.app.get<DataSource>(getDataSourceToken());
  }

  /** Work on a connection of its own as the owner of the tables (what an administrator could do). */
  async asOwner<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.db.ownerUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  /** A provider of the running app (a service, a repository...). */
  service<T>(token: unknown): T {
    return this.app.get<T>(token as never);
  }

  /** A real HTTP request to the listening app. A FormData body is sent as multipart. */
  async request<T = any>(
    method: string,
    url: string,
    options: RequestOptions = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | FormData | undefined;
    if (options.body instanceof FormData) {
      body = options.body;
    } else if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    const qs = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
    const res = await fetch(`${this.baseUrl}${url}${qs}`, { method, headers, body });
    const raw = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    const parsed: unknown = contentType.includes('application/json') && raw ? JSON.parse(raw) : raw;
    const answerHeaders: Record<string, string> = Object.fromEntries(res.headers.entries());
    // Every Set-Cookie line, joined as one header would (entries() lists them apart; the last would win).
    const cookies = res.headers.getSetCookie();
    if (cookies.length) answerHeaders['set-cookie'] = cookies.join(', ');
    return { status: res.status, body: parsed as T, headers: answerHeaders, raw };
  }

  get<T = any>(url: string, options?: RequestOptions) {
    return this.request<T>('GET', url, options);
  }

  post<T = any>(url: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>('POST', url, { ...options, body });
  }
  put<T = any>(url: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>('PUT', url, { ...options, body });
  }
  patch<T = any>(url: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>('PATCH', url, { ...options, body });
  }
  delete<T = any>(url: string, options: RequestOptions = {}) {
    return this.request<T>('DELETE', url, options);
  }

  private closing?: Promise<void>;

  /** Not closed yet, neither through `close()` nor its Nest app's own `close()`. */
  isOpen(): boolean {
    return !this.closing && this.app.getHttpServer().listening;
  }

  close(): Promise<void> {
    return (this.closing ??= (async () => {
      await this.app.close();
      await this.db.drop();
      await removeQueueKeys(this.config.REDIS_URL, this.config.QUEUE_PREFIX);
      await rm(resolve(this.config.FILES_DIR), { recursive: true, force: true });
    })());
  }
}

/** Deletes a test's BullMQ keys from the shared Redis (its prefix is its own). */
export async function removeQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  // A test that stopped Redis on purpose has nothing to clean here.
  await deleteRedisKeys(redisUrl, `${prefix}:*`).catch(() => undefined);
}

export const TEST_ADMIN = { username: 'admin', password: 'admin-password-1' };

/** Config for a test: a fresh database, a private queue prefix, and any overrides. */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '10',
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: testQueuePrefix(),
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    ADMIN_USERNAME: TEST_ADMIN.username,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    FILES_DIR: `var/test-files/${randomBytes(6).toString('hex')}`,
    SWEEP_INTERVAL_SECONDS: '1',
    // No scheduled audit checkpoints (they add outbox events that tests count); a test asks for them.
    AUDIT_CHECKPOINT_MINUTES: '0',
    ...overrides,
  });
}

/** A test app on a fresh database; closed at the end of the file if the file did not close it. */
export function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  return closeAtEndOfFile(startTestApp(overrides));
}

async function startTestApp(overrides: Record<string, string>): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = testConfig(db.url, overrides);
  const app = await createHttpApp(config, { quiet: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  return new TestApp(app, config, db, `http://127.0.0.1:${address.port}`);
}
