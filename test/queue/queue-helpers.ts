import { type ChildProcess, spawn } from 'node:child_process';
import type { DataSource, EntityManager } from 'typeorm';
import { TransactionService } from '../../src/database/transaction.service.js';
import { freePort } from '../support/local-resources.js';

export async function count(ds: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const rows = await ds.query<{ n: number }[]>(`SELECT (${sql})::int AS n`, params);
  return rows[0].n;
}

export function inTx<T>(tx: TransactionService, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return tx.run(work);
}

/**
 * A private redis-server for a test that stops Redis (never the shared one on 6379). Nothing on
 * disk: stopping it loses everything, like a crashed or flushed Redis.
 */
export class PrivateRedis {
  private child?: ChildProcess;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async create(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) resolve();
      };
      child.stdout?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
      setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000).unref();
    });
    child.removeAllListeners('exit');
  }

  /** Kills it at once (SIGKILL, by its pid). */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}
