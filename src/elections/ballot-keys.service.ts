import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AppConfig } from '../config/app-config.js';
import { type BallotKeyPair, BallotSealer, electionBallotKey } from './ballot-seal.js';

/** Where a development secret is kept when BALLOT_SECRET is not configured (never in production). */
export const DEV_BALLOT_SECRET_PATH = 'var/ballot-secret';

/** How many elections' keys a process keeps derived. */
const KEYS_MAX = 1000;

/**
 * The elections' ballot keys, derived from BALLOT_SECRET (configuration, never the database).
 * Outside production, when absent, a secret is generated once and kept in var/ballot-secret, so
 * restarts, the worker and parallel test processes share it.
 */
@Injectable()
export class BallotKeysService implements OnModuleInit {
  private readonly logger = new Logger(BallotKeysService.name);
  private secret: string;
  private readonly keys = new Map<string, BallotKeyPair>();
  private readonly sealers = new Map<string, BallotSealer>();

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    this.secret = this.config.BALLOT_SECRET ?? (await this.developmentSecret());
  }

  /** The election's key pair (the public key seals, the private key opens in the mix). */
  of(electionId: string): BallotKeyPair {
    let keys = this.keys.get(electionId);
    if (!keys) {
      keys = electionBallotKey(this.secret, electionId);
      if (this.keys.size >= KEYS_MAX) this.keys.clear();
      this.keys.set(electionId, keys);
    }
    return keys;
  }

  /** What seals the election's ballots in this process. */
  sealer(electionId: string): BallotSealer {
    let sealer = this.sealers.get(electionId);
    if (!sealer) {
      sealer = new BallotSealer(this.of(electionId).publicKey);
      if (this.sealers.size >= KEYS_MAX) this.sealers.clear();
      this.sealers.set(electionId, sealer);
    }
    return sealer;
  }

  private async developmentSecret(): Promise<string> {
    if (this.config.isProduction) throw new Error('BALLOT_SECRET is required in production');
    const path = resolve(DEV_BALLOT_SECRET_PATH);
    try {
      return (await readFile(path, 'utf8')).trim();
    } catch {
      // Not there yet: written under a temporary name and linked into place, so two processes
      // starting at once agree on one secret (the loser of the race reads the winner's).
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${randomUUID()}`;
      await writeFile(tmp, randomBytes(32).toString('hex'), { mode: 0o600 });
      try {
        await link(tmp, path);
        this.logger.warn(
          `BALLOT_SECRET is not set: generated a development secret in ${DEV_BALLOT_SECRET_PATH}`,
        );
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      } finally {
        await unlink(tmp).catch(() => undefined);
      }
      return (await readFile(path, 'utf8')).trim();
    }
  }
}
