import { adminToken, createUser, login } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const GIVEN = 'Given-by-admin-1';
const OWN = 'My-own-choice-2026';

/**
 * A password an administrator sets (a new account, a reset) must be replaced by its owner at
 * first sign-in: until then their login may only change it, read and set their profile, and sign
 * out. Every other route, the inbox's account-in-the-statement route included, answers 403
 * PASSWORD_CHANGE_REQUIRED and does nothing.
 */
describe('a password an administrator set is replaced at first sign-in', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const newAccount = async (extra: Record<string, unknown> = {}) => {
    const username = `new.${Math.random().toString(36).slice(2, 10)}`;
    const res = await t.post(
      '/api/v1/users',
      { username, password: GIVEN, fullName: 'Keo Sokun', fullNameKm: 'កែវ សុគន្ធ', ...extra },
      { token: admin },
    );
    expect(res.status).toBe(201);
    return { id: res.body.id as string, username };
  };
  const flagOf = async (id: string) =>
    (
      await t.dataSource.query<{ must_change_password: boolean }[]>(
        'SELECT must_change_password FROM users WHERE id = $1',
        [id],
      )
    )[0].must_change_password;
  /** What a login that must change its password is refused, and with what. */
  const refusals = async (token: string) => {
    const answers = await Promise.all([
      t.get('/api/v1/documents', { token }),
      t.get('/api/v1/approvals/inbox', { token }),
      t.get('/api/v1/notifications/unread-count', { token }),
      t.post('/api/v1/documents', { title: 'Not now', documentTypeId: 'x' }, { token }),
      t.get('/api/v1/users', { token }),
    ]);
    return answers.map((r) => [r.status, r.body?.code]);
  };
  const REFUSED = Array.from({ length: 5 }, () => [403, 'PASSWORD_CHANGE_REQUIRED']);

  it('a new account: the profile says so, everything else is refused until the password is its own', async () => {
    const { id, username } = await newAccount();
    expect(await flagOf(id)).toBe(true);
    const signedIn = await login(t, username, GIVEN);
    const token = signedIn.accessToken;

    const me = await t.get('/api/v1/me', { token });
    expect([me.status, me.body.mustChangePassword]).toEqual([200, true]);
    expect(await refusals(token)).toEqual(REFUSED);
    // The language may be set first (the page asking for the password is then in it).
    const language = await t.patch('/api/v1/me', { locale: 'en' }, { token });
    expect([language.status, language.body.locale, language.body.mustChangePassword]).toEqual([
      200,
      'en',
      true,
    ]);
    // The administrator's password again is no choice of one's own.
    const same = await t.post(
      '/api/v1/auth/password',
      { currentPassword: GIVEN, newPassword: GIVEN },
      { token },
    );
    expect([same.status, same.body.code]).toEqual([400, 'PASSWORD_UNCHANGED']);
    expect(await flagOf(id)).toBe(true);

    const changed = await t.post(
      '/api/v1/auth/password',
      { currentPassword: GIVEN, newPassword: OWN },
      { token },
    );
    expect(changed.status).toBe(200);
    expect(await flagOf(id)).toBe(false);
    // The same login goes on, now everywhere (the token is checked against the account).
    const after = await Promise.all([
      t.get('/api/v1/documents', { token }),
      t.get('/api/v1/approvals/inbox', { token }),
      t.get('/api/v1/notifications/unread-count', { token }),
      t.get('/api/v1/me', { token }),
    ]);
    expect(after.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(after[3].body.mustChangePassword).toBe(false);
    // A refreshed token no longer carries the mark.
    const renewed = await t.post('/api/v1/auth/refresh', { refreshToken: signedIn.refreshToken });
    expect((await t.get('/api/v1/approvals/inbox', { token: renewed.body.accessToken })).status).toBe(200);

    const audit = await t.dataSource.query<{ action: string; data: Record<string, unknown> }[]>(
      `SELECT action, data FROM audit_log WHERE stream = $1 ORDER BY id`,
      [`user:${id}`],
    );
    expect(audit.find((a) => a.action === 'user.created')?.data).toMatchObject({ mustChangePassword: true });
    expect(audit.find((a) => a.action === 'auth.password_changed')?.data).toMatchObject({
      replacedAdministratorsPassword: true,
    });
  });

  it('refreshing does not shed the requirement; signing out is allowed', async () => {
    const { username } = await newAccount();
    const signedIn = await login(t, username, GIVEN);
    const renewed = await t.post('/api/v1/auth/refresh', { refreshToken: signedIn.refreshToken });
    expect(renewed.status).toBe(200);
    expect(await refusals(renewed.body.accessToken)).toEqual(REFUSED);
    const out = await t.post('/api/v1/auth/logout', {}, { token: renewed.body.accessToken });
    expect(out.status).toBe(204);
  });

  it('an administrator who must change is refused the administration too', async () => {
    const { username } = await newAccount({ roles: ['admin'] });
    const token = (await login(t, username, GIVEN)).accessToken;
    const users = await t.get('/api/v1/users', { token });
    expect([users.status, users.body.code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
  });

  it('an account made with mustChangePassword false works at once (a service account)', async () => {
    const { id, username } = await newAccount({ mustChangePassword: false });
    expect(await flagOf(id)).toBe(false);
    const token = (await login(t, username, GIVEN)).accessToken;
    expect((await t.get('/api/v1/documents', { token })).status).toBe(200);
    expect((await t.get('/api/v1/me', { token })).body.mustChangePassword).toBe(false);
  });

  it("an administrator's reset asks for a new password of one's own, unless told otherwise", async () => {
    const { user, password } = await createUser(t);
    expect(
      (await t.get('/api/v1/documents', { token: (await login(t, user.username, password)).accessToken }))
        .status,
    ).toBe(200);

    const reset = await t.patch(`/api/v1/users/${user.id}`, { password: GIVEN }, { token: admin });
    expect(reset.status).toBe(200);
    expect(await flagOf(user.id)).toBe(true);
    expect(await refusals((await login(t, user.username, GIVEN)).accessToken)).toEqual(REFUSED);

    const told = await t.patch(
      `/api/v1/users/${user.id}`,
      { password: 'Second-given-3', mustChangePassword: false },
      { token: admin },
    );
    expect(told.status).toBe(200);
    expect(await flagOf(user.id)).toBe(false);
    const token = (await login(t, user.username, 'Second-given-3')).accessToken;
    expect((await t.get('/api/v1/documents', { token })).status).toBe(200);
  });

  it('the flag alone, without a new password, is refused and changes nothing', async () => {
    const { user } = await createUser(t, { fullName: 'Unchanged Name' });
    for (const mustChangePassword of [true, false]) {
      const res = await t.patch(
        `/api/v1/users/${user.id}`,
        { mustChangePassword, fullName: 'Changed Name' },
        { token: admin },
      );
      expect([res.status, res.body.code]).toEqual([400, 'PASSWORD_REQUIRED_WITH_FLAG']);
    }
    const [row] = await t.dataSource.query<{ full_name: string; must_change_password: boolean }[]>(
      'SELECT full_name, must_change_password FROM users WHERE id = $1',
      [user.id],
    );
    expect(row).toEqual({ full_name: 'Unchanged Name', must_change_password: false });
    const flag = await t.post(
      '/api/v1/users',
      { username: 'bad.flag', password: GIVEN, fullName: 'X', mustChangePassword: 'yes' },
      { token: admin },
    );
    expect([flag.status, flag.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
