import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from './app-config.js';

const valid = {
  DATABASE_URL: 'postgres://u@localhost:5432/db',
  REDIS_URL: 'redis://localhost:6379',
  JWT_SECRET: 'x'.repeat(32),
};

describe('loadConfig', () => {
  it('parses and defaults', () => {
    const c = loadConfig({
      ...valid,
      PORT: '8080',
      RUN_MIGRATIONS: 'false',
      CORS_ORIGINS: 'https://a.gov.kh, https://b.gov.kh',
    });
    expect(c.PORT).toBe(8080);
    expect(c.APP_ROLE).toBe('all');
    expect(c.RUN_MIGRATIONS).toBe(false);
    expect(c.corsOrigins).toEqual(['https://a.gov.kh', 'https://b.gov.kh']);
  });

  it('keeps only its own settings', () => {
    const c = loadConfig({ ...valid, HOME: '/root', SOMETHING_ELSE: 'x' });
    expect(c).not.toHaveProperty('HOME');
    expect(c).not.toHaveProperty('SOMETHING_ELSE');
  });

  it('names every bad or missing variable', () => {
    let err: unknown;
    try {
      loadConfig({ REDIS_URL: 'http://nope', PORT: 'eighty', APP_ROLE: 'both' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'PORT', 'APP_ROLE', 'JWT_SECRET'])
      expect(message).toContain(name);
  });

  it('requires a signing key in production', () => {
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production' })).toThrow(/SIGNING_KEY/);
  });
});

describe('#14.7 production refuses insecure settings', () => {
  const strongSecret = 'Vq3xN8rT1mZp6Lw2Yk9Hs4Jd7Fb0Gc5Ue_Ra-Qn8Tx2Mz6Lp1Wy3Kh9Sj4Df7Gb0C';
  const strongPassword = 'Tq7#mWx2-Lp9vRz4!Ns';
  const production = {
    ...valid,
    NODE_ENV: 'production',
    JWT_SECRET: strongSecret,
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: strongPassword,
    DATABASE_URL: 'postgres://mwf_app:Hs8-Kq2xWm7Lr4Zt@db.internal:5432/mwf',
    SIGNING_KEY:
      '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIK8u6Hw6V5V0Yw9k1l2m3n4o5p6q7r8s9t0u1v2w3x4y\n-----END PRIVATE KEY-----',
  };
  const refusal = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    return 'accepted';
  };

  it('accepts strong settings', () => {
    expect(refusal(production)).toBe('accepted');
  });

  it('refuses the placeholders of docker-compose.yml and .env.example, naming the variable', () => {
    expect(refusal({ ...production, JWT_SECRET: 'change-me-change-me-change-me-change-me-0123' })).toMatch(
      /JWT_SECRET/,
    );
    expect(refusal({ ...production, ADMIN_PASSWORD: 'change-me-admin-password' })).toMatch(/ADMIN_PASSWORD/);
    expect(refusal({ ...production, JWT_SECRET: 'test-secret-test-secret-test-secret-0123' })).toMatch(
      /JWT_SECRET/,
    );
    expect(
      refusal({ ...production, DATABASE_URL: 'postgres://postgres:postgres@postgres:5432/mwf' }),
    ).toMatch(/DATABASE_URL/);
  });

  it('refuses low-entropy secrets however long', () => {
    expect(refusal({ ...production, JWT_SECRET: 'x'.repeat(64) })).toMatch(/JWT_SECRET/);
    expect(refusal({ ...production, JWT_SECRET: 'abababababababababababababababababababab' })).toMatch(
      /JWT_SECRET/,
    );
    expect(refusal({ ...production, JWT_SECRET: '0123456789012345678901234567890123456789' })).toMatch(
      /JWT_SECRET/,
    );
    expect(refusal({ ...production, ADMIN_PASSWORD: 'aaaaaaaaaaaaaaaa' })).toMatch(/ADMIN_PASSWORD/);
    expect(refusal({ ...production, BALLOT_SECRET: 'b'.repeat(48) })).toMatch(/BALLOT_SECRET/);
    expect(
      refusal({ ...production, DOWNLOAD_LINK_SECRET: 'change-me-change-me-change-me-change-me' }),
    ).toMatch(/DOWNLOAD_LINK_SECRET/);
    expect(
      refusal({ ...production, MIGRATION_DATABASE_URL: 'postgres://mwf_owner:mwf_owner@db:5432/mwf' }),
    ).toMatch(/MIGRATION_DATABASE_URL/);
  });

  it('refuses the demo and default admin passwords', () => {
    for (const password of ['Admin@2026', 'Demo@2026', 'admin-password-1', 'password123', 'admin1234'])
      expect(refusal({ ...production, ADMIN_PASSWORD: password })).toMatch(/ADMIN_PASSWORD/);
  });

  it('still accepts the development and test values outside production', () => {
    const dev = {
      ...valid,
      JWT_SECRET: 'change-me-change-me-change-me-change-me-0123',
      ADMIN_PASSWORD: 'change-me-admin-password',
    };
    expect(() => loadConfig({ ...dev, NODE_ENV: 'development' })).not.toThrow();
    expect(() => loadConfig({ ...dev, NODE_ENV: 'test' })).not.toThrow();
  });
});

describe('#14.7 docker-compose.yml ships no usable secret', () => {
  const compose = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');

  it('requires every secret to be set (no default value), and names none', () => {
    for (const name of [
      'JWT_SECRET',
      'ADMIN_PASSWORD',
      'SIGNING_KEY',
      'POSTGRES_PASSWORD',
      'BALLOT_SECRET',
      'MWF_OWNER_PASSWORD',
      'MWF_APP_PASSWORD',
    ]) {
      const uses = compose.match(new RegExp(`\\$\\{${name}[^}]*\\}`, 'g')) ?? [];
      expect(uses.length).toBeGreaterThan(0);
      for (const use of uses) expect(use).toMatch(new RegExp(`^\\$\\{${name}:\\?`));
    }
    expect(compose).not.toMatch(/change-?me/i);
  });
});
