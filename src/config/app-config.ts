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
import { passwordOfUrl, weakSecretReason } from './secret-strength.js';

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

  /**
   * The owner role that runs migrations; DATABASE_URL is then the runtime role (its user), which
   * migrations grant what it needs. Default: DATABASE_URL (development only: production refuses
   * to run as the owner).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'MIGRATION_DATABASE_URL must be a postgres:// URL' })
  MIGRATION_DATABASE_URL?: string;

  /** Minutes between the worker's signed audit checkpoints (0: only on demand). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  AUDIT_CHECKPOINT_MINUTES = 15;

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

  /** Login attempts of one (username, client address) pair without a success before it must wait. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  /** The longest wait of a throttled (username, client address) pair (the waits double up to it). */
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

  /**
   * The secret each election's ballot key is derived from (elections/README.md, "Secrecy"). Only
   * the servers hold it, never the database. Generated (and kept in var/) in development and test
   * when absent; required in production. It must not change while an election has sealed ballots.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'BALLOT_SECRET must be at least 32 characters' })
  BALLOT_SECRET?: string;

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

  /** The Chromium that renders PDFs (the worker keeps one, launched on first use). */
  @IsString()
  CHROMIUM_PATH = '/usr/bin/chromium';

  /** PDF pages kept and rendered at once per process (also the PDF queue's concurrency); more wait their turn. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PDF_MAX_PAGES = 2;

  /** A PDF that has not rendered after this many milliseconds fails (its job is retried). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  PDF_TIMEOUT_MS = 30_000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMTP_URL?: string;

  @IsEmail({ allow_display_name: true, require_tld: false })
  MAIL_FROM = 'DWF <no-reply@localhost>';

  /** The Telegram bot's token from BotFather. Unset: the Telegram channel is hidden everywhere. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\d+:[A-Za-z0-9_-]+$/, {
    message: 'TELEGRAM_BOT_TOKEN must look like 123456:ABC-def (from BotFather)',
  })
  TELEGRAM_BOT_TOKEN?: string;

  /** Where the Bot API answers (a local Bot API server, or the tests' fake one). */
  @IsUrl({ require_tld: false, require_protocol: true })
  TELEGRAM_API_ROOT = 'https://api.telegram.org';

  /**
   * How the bot hears users: `webhook` (Telegram POSTs to PUBLIC_BASE_URL/api/v1/telegram/webhook/<secret>,
   * registered at start by the API), `polling` (one worker asks getUpdates), `none`.
   */
  @IsIn(['webhook', 'polling', 'none'])
  TELEGRAM_UPDATES: 'webhook' | 'polling' | 'none' = 'webhook';

  /** The webhook's path secret and secret-token header (1-256 of A-Z a-z 0-9 _ -); derived from the token when unset. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{16,256}$/, {
    message: 'TELEGRAM_WEBHOOK_SECRET must be 16-256 characters of A-Z, a-z, 0-9, _ and -',
  })
  TELEGRAM_WEBHOOK_SECRET?: string;

  /** Messages a second to Telegram at most, over all workers (the Bot API allows about 30). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(30)
  TELEGRAM_RATE_PER_SECOND = 25;

  /** How long a "link Telegram" deep link works. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  TELEGRAM_LINK_TTL_MINUTES = 15;

  /** The hour (0-23, local time at DIGEST_UTC_OFFSET_MINUTES) of the approvers' daily digest. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  DIGEST_HOUR = 7;

  /** The local time of the digest, as minutes east of UTC (Cambodia: 420, UTC+7, no summer time). */
  @Transform(toInt)
  @IsInt()
  @Min(-720)
  @Max(840)
  DIGEST_UTC_OFFSET_MINUTES = 420;

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

  get migrationDatabaseUrl(): string {
    return this.MIGRATION_DATABASE_URL ?? this.DATABASE_URL;
  }
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
  const lines = errors.map((e) => `  - ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  if (config.isProduction) lines.push(...insecureInProduction(config).map((line) => `  - ${line}`));
  if (lines.length > 0) throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  return config;
}

/** Entropy (estimated bits) a production secret needs: a signing secret, and a password. */
const SECRET_MIN_BITS = 128;
const PASSWORD_MIN_BITS = 50;

/**
 * What production refuses: known placeholders and guessable values of the secrets, each line
 * naming its variable. Development and test keep their convenient values.
 */
function insecureInProduction(config: AppConfig): string[] {
  const problems: string[] = [];
  const check = (name: string, value: string | undefined, minBits: number) => {
    if (value === undefined || value === '') return;
    const reason = weakSecretReason(value, minBits);
    if (reason) problems.push(`${name} ${reason}; production needs a random value`);
  };
  check('JWT_SECRET', config.JWT_SECRET, SECRET_MIN_BITS);
  check('ADMIN_PASSWORD', config.ADMIN_PASSWORD, PASSWORD_MIN_BITS);
  check('BALLOT_SECRET', config.BALLOT_SECRET, SECRET_MIN_BITS);
  check('DOWNLOAD_LINK_SECRET', config.DOWNLOAD_LINK_SECRET, SECRET_MIN_BITS);
  for (const name of ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'REDIS_URL', 'SMTP_URL'] as const) {
    const url = config[name];
    if (url) check(`the password in ${name}`, passwordOfUrl(url), PASSWORD_MIN_BITS);
  }
  return problems;
}
