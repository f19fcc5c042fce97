import { performance } from 'node:perf_hooks';
import argon2 from 'argon2';
import { hashPassword } from '../../src/common/auth/password.js';
import { DEMO_KEY_STAFF, DEMO_PASSWORD } from '../../src/seed/demo-data.js';
import { seedDemo } from '../../src/seed/seed-demo.js';
import { createUser, login } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** The `$argon2id$v=19$m=...,t=...,p=...$` part of a PHC string: everything but salt and hash. */
const parametersOf = (hash: string): string => hash.split('$').slice(0, 4).join('$');
const saltOf = (hash: string): string => hash.split('$')[4];

describe('#14.10 every stored password hash has the same parameters and its own salt', () => {
  let t: TestApp;
  let seedMs = 0;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES: '20' });
    const started = performance.now();
    const seeded = await seedDemo(t.dataSource);
    seedMs = performance.now() - started;
    expect(seeded.seeded).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('#14.10 the demo seed hashes each user separately, with the parameters logins are checked with', async () => {
    const rows: { username: string; password_hash: string }[] = await t.dataSource.query(
      'SELECT username, password_hash FROM users',
    );
    expect(rows.length).toBeGreaterThanOrEqual(50);
    const expected = parametersOf(await hashPassword('anything-at-all'));
    for (const row of rows)
      expect([row.username, parametersOf(row.password_hash)]).toEqual([row.username, expected]);
    expect(new Set(rows.map((r) => saltOf(r.password_hash))).size).toBe(rows.length);
    // What the parallel hashing costs (printed for the record; the whole seed, not only the hashes).
    console.info(`demo seed of ${rows.length} users: ${Math.round(seedMs)} ms`);
  });

  it('#14.10 a wrong password for a demo user takes about as long as one for an unknown username', async () => {
    const username = DEMO_KEY_STAFF[1].username;
    const time = async (name: string) => {
      const started = performance.now();
      const res = await t.post('/api/v1/auth/login', { username: name, password: `${DEMO_PASSWORD}-not` });
      expect(res.status).toBe(401);
      return performance.now() - started;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const known: number[] = [];
    const unknown: number[] = [];
    // One of each first (warm-up), then in turns; medians, as the machine is shared.
    await time(username);
    await time('no-such-user');
    for (let i = 0; i < 7; i++) {
      known.push(await time(username));
      unknown.push(await time(`no-such-user-${i}`));
    }
    const ratio = median(known) / median(unknown);
    console.info(`login with a wrong password: known ${median(known)} ms, unknown ${median(unknown)} ms`);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it("#14.10 a login replaces a hash made with other parameters (an older seed) by one with today's", async () => {
    const { user, password } = await createUser(t, { password: 'older-hash-pass-1' });
    const older = await argon2.hash(password, { type: argon2.argon2id });
    await t.dataSource.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, older]);
    await login(t, user.username, password);
    const [row] = await t.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    expect(parametersOf(row.password_hash)).toBe(parametersOf(await hashPassword('anything-at-all')));
    expect(await argon2.verify(row.password_hash, password)).toBe(true);
    // And the next login checks the new hash.
    await login(t, user.username, password);
  });
});
