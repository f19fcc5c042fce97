import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config.js';
import { publicKeyId, signManifest } from './signatures.js';

/** Where a development key is kept when SIGNING_KEY is not configured (never in production). */
export const DEV_SIGNING_KEY_PATH = 'var/signing-key.pem';

/**
 * The Ed25519 key that signs approval manifests. SIGNING_KEY (PEM) from the configuration; outside
 * production, when absent, a key is generated once and kept in var/signing-key.pem, so restarts and
 * parallel test processes share it.
 */
@Injectable()
export class SigningKeyService implements OnModuleInit {
  private readonly logger = new Logger(SigningKeyService.name);
  private privateKey: KeyObject;
  private publicPem: string;
  private keyId: string;

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const pem = this.config.SIGNING_KEY ?? (await this.developmentKey());
    let key: KeyObject;
    try {
      key = createPrivateKey(pem.replace(/\\n/g, '\n'));
    } catch {
      throw new Error('SIGNING_KEY is not a valid private key in PEM form');
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('SIGNING_KEY must be an Ed25519 private key');
    this.privateKey = key;
    this.publicPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = publicKeyId(key);
  }

  get publicKeyPem(): string {
    return this.publicPem;
  }

  get publicKeyId(): string {
    return this.keyId;
  }

  sign(manifest: unknown): string {
    return signManifest(manifest, this.privateKey);
  }

  private async developmentKey(): Promise<string> {
    if (this.config.isProduction) throw new Error('SIGNING_KEY is required in production');
    const path = resolve(DEV_SIGNING_KEY_PATH);
    try {
      return await readFile(path, 'utf8');
    } catch {
      // Not there yet: write it under a temporary name and link it into place, so two processes
      // starting at once agree on one key (the loser of the race reads the winner's).
      await mkdir(dirname(path), { recursive: true });
      const pem = generateKeyPairSync('ed25519')
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      const tmp = `${path}.${randomUUID()}`;
      await writeFile(tmp, pem, { mode: 0o600 });
      try {
        await link(tmp, path);
        this.logger.warn(`SIGNING_KEY is not set: generated a development key in ${DEV_SIGNING_KEY_PATH}`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      } finally {
        await unlink(tmp).catch(() => undefined);
      }
      return readFile(path, 'utf8');
    }
  }
}
