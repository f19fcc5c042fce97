import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : ['1', 'true', 'yes'].includes(typeof value === 'string' ? value.toLowerCase() : '');
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

export type AppRole = 'api' | 'worker' | 'all';

/**
 * Every setting the processes read, parsed from the environment once at start.
 * A bad or missing value stops the process with a message naming the variable.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['api', 'worker', 'all'])
  APP_ROLE: AppRole = 'all';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 20;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL: string;

  /** Prefix of every BullMQ key, so deployments and test runs can share one Redis. */
  @Matches(/^[A-Za-z0-9:_-]+$/, { message: 'QUEUE_PREFIX may hold letters, digits, ":", "_" and "-"' })
  QUEUE_PREFIX = 'mwf';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  WORKER_CONCURRENCY = 20;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  @Transform(toInt)
  @IsInt()
  @Min(30)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_REFRESH_TTL_SECONDS = 60 * 60 * 24 * 14;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(1)
  ADMIN_USERNAME?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  /**
   * Key of the signed download links (src/common/auth/signed-links.ts); empty: derived from
   * JWT_SECRET. Changing it (or JWT_SECRET) voids the links already given out.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'DOWNLOAD_LINK_SECRET must be at least 32 characters' })
  DOWNLOAD_LINK_SECRET?: string;

  /** How long a signed download link works (seconds). */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86400)
  DOWNLOAD_LINK_TTL_SECONDS = 600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_LOCK_MINUTES = 15;

  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /** Ed25519 private key, PEM. Generated (and kept in var/) in development and test when absent. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SIGNING_KEY?: string;

  @IsString()
  CORS_ORIGINS = '';

  /**
   * Trust X-Forwarded-For from a proxy in front (the client's IP for rate limits and logs).
   * Off by default: without a proxy that overwrites it, a client could set its own IP.
   */
  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_BYTES = 25 * 1024 * 1024;

  @IsString()
  FILES_DIR = 'var/files';

  /** The built web app (index.html and assets/), served at `/`; relative to the working directory. */
  @IsString()
  @MinLength(1)
  WEB_DIST_DIR = 'web/dist';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMTP_URL?: string;

  @IsEmail({ allow_display_name: true, require_tld: false })
  MAIL_FROM = 'DWF <no-reply@localhost>';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Serve /metrics without auth on this port (0: only on the main port, for admins). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 0;

  @Transform(toBool)
  @IsBoolean()
  RUN_MIGRATIONS = true;

  /** How often the sweeper looks for missed deadlines and unrelayed outbox rows. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SWEEP_INTERVAL_SECONDS = 30;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
  get corsOrigins(): string[] {
    return this.CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
  const config = plainToInstance(AppConfig, raw, { excludeExtraneousValues: false });
  // whitelist: drops the rest of the environment, which is not ours.
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: false });
  if (config.isProduction && !config.SIGNING_KEY) {
    throw new ConfigError(
      'Invalid configuration:\n  - SIGNING_KEY is required in production (Ed25519 private key, PEM)',
    );
  }
  if (errors.length > 0) {
    const lines = errors.map((e) => `  - ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
