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
