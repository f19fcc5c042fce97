import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashPassword } from '../common/auth/password.js';
import { AppConfig } from '../config/app-config.js';

/**
 * Creates the first admin from ADMIN_USERNAME / ADMIN_PASSWORD when no user has that username.
 * Runs in every process (API or worker); processes starting together are safe: the insert is
 * ON CONFLICT DO NOTHING. An existing user of that name is left alone (its password is not reset).
 */
@Injectable()
export class FirstAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdminService.name);

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_USERNAME, ADMIN_PASSWORD } = this.config;
    if (!ADMIN_USERNAME || !ADMIN_PASSWORD) return;
    const username = ADMIN_USERNAME.trim().toLowerCase();
    const existing: unknown[] = await this.dataSource.query('SELECT 1 FROM users WHERE username = $1', [
      username,
    ]);
    if (existing.length) return;
    const hash = await hashPassword(ADMIN_PASSWORD);
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO users (username, password_hash, full_name, full_name_km, roles, locale)
       VALUES ($1, $2, $3, $4, ARRAY['admin'], 'en')
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      // Named in both languages: Khmer notices say who acted ("given to you by ...").
      [username, hash, 'Administrator', 'អ្នកគ្រប់គ្រងប្រព័ន្ធ'],
    );
    if (rows.length) this.logger.log(`created the first admin "${username}"`);
  }
}
