import { JwtService } from '@nestjs/jwt';
import { hashPassword } from '../../src/common/auth/password.js';
import { createElection, setUpAssociation } from '../elections/election-fixtures.js';
import {
  adminToken,
  createUser,
  DEFAULT_TEST_PASSWORD,
  login,
  pastRefreshGrace,
  sessionOf,
} from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { sleep } from '../support/wait.js';

describe('auth: refresh tokens and logout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function freshLogin() {
    const { user, password } = await createUser(t);
    return { user, tokens: await login(t, user.username, password) };
  }

  it('rotates: a refresh token gives a new pair, and the new refresh token works in turn', async () => {
    const { user, tokens } = await freshLogin();
    const first = await t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(tokens.refreshToken);
    expect(first.body.user.id).toBe(user.id);
    expect((await t.get('/api/v1/me', { token: first.body.accessToken })).status).toBe(200);
    const second = await t.post('/api/v1/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(second.status).toBe(200);

    // Only hashes are stored, all in one family.
    const rows: { token_hash: string; family_id: string }[] = await t.dataSource.query(
      'SELECT token_hash, family_id FROM refresh_tokens WHERE user_id = $1',
      [user.id],
    );
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.family_id)).size).toBe(1);
    for (const r of rows) expect(r.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(tokens.refreshToken);
  });

  it('a reused refresh token revokes its whole family: the newer token stops working too', async () => {
    const { user, tokens } = await freshLogin();
    const rotated = await t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(rotated.status).toBe(200);

    // Past the grace of a lost response (refresh-grace.e2e-spec.ts), a replay is reuse.
    await pastRefreshGrace(t, tokens.refreshToken);
    const replay = await t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');

    // The browser holding the newer token learns why its login ended.
    const newer = await t.post('/api/v1/auth/refresh', { refreshToken: rotated.body.refreshToken });
    expect(newer.status).toBe(401);
    expect([newer.body.code, newer.body.details]).toEqual(['SESSION_ENDED', { reason: 'reused' }]);
    // The replayed token again: the login's end, not a second reuse.
    const twice = await t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    expect([twice.body.code, twice.body.details]).toEqual(['SESSION_ENDED', { reason: 'reused' }]);

    const audit: { action: string }[] = await t.dataSource.query(
      'SELECT action FROM audit_log WHERE stream = $1',
      [`user:${user.id}`],
    );
    expect(audit.map((a) => a.action)).toContain('auth.refresh_token_reused');

    // Another login of the same user (another family) is not affected.
    const other = await freshLogin();
    expect((await t.post('/api/v1/auth/refresh', { refreshToken: other.tokens.refreshToken })).status).toBe(
      200,
    );
  });

  it('two concurrent refreshes with one token (two tabs): both go on in the same login', async () => {
    const { tokens } = await freshLogin();
    const [a, b] = await Promise.all([
      t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken }),
      t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken }),
    ]);
    // The second waits for the first's row lock, then finds the token just replaced: within the
    // reuse grace it rotates again, in the same session, instead of ending it.
    expect([a.status, b.status]).toEqual([200, 200]);
    const sid = sessionOf(t, tokens.accessToken);
    expect([sessionOf(t, a.body.accessToken), sessionOf(t, b.body.accessToken)]).toEqual([sid, sid]);
    expect((await t.get('/api/v1/me', { token: a.body.accessToken })).status).toBe(200);
    expect((await t.get('/api/v1/me', { token: b.body.accessToken })).status).toBe(200);
  });

  it('refuses unknown, expired and malformed refresh tokens', async () => {
    const unknown = await t.post('/api/v1/auth/refresh', { refreshToken: 'x'.repeat(43) });
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('INVALID_REFRESH_TOKEN');

    const { user, tokens } = await freshLogin();
    await t.dataSource.query(
      `UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [user.id],
    );
    const expired = await t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('INVALID_REFRESH_TOKEN');

    const bad = await t.post('/api/v1/auth/refresh', { refreshToken: 42 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details[0].field).toBe('refreshToken');
  });

  it('logout revokes the family (204); it needs an access token', async () => {
    const { tokens } = await freshLogin();
    const rotated = await t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    const anonymous = await t.post('/api/v1/auth/logout', { refreshToken: rotated.body.refreshToken });
    expect(anonymous.status).toBe(401);

    const out = await t.post(
      '/api/v1/auth/logout',
      { refreshToken: rotated.body.refreshToken },
      { token: rotated.body.accessToken },
    );
    expect(out.status).toBe(204);
    expect(out.raw).toBe('');
    const after = await t.post('/api/v1/auth/refresh', { refreshToken: rotated.body.refreshToken });
    expect(after.status).toBe(401);
    expect([after.body.code, after.body.details]).toEqual(['SESSION_ENDED', { reason: 'logout' }]);
  });

  it("logout with someone else's refresh token changes nothing", async () => {
    const mine = await freshLogin();
    const theirs = await freshLogin();
    const out = await t.post(
      '/api/v1/auth/logout',
      { refreshToken: theirs.tokens.refreshToken },
      { token: mine.tokens.accessToken },
    );
    expect(out.status).toBe(204);
    expect((await t.post('/api/v1/auth/refresh', { refreshToken: theirs.tokens.refreshToken })).status).toBe(
      200,
    );
  });

  it("an admin's password reset ends the sessions begun with the old password", async () => {
    const { user, tokens } = await freshLogin();
    // Access tokens carry whole seconds: one issued in an earlier second than the reset is from before it.
    await sleep(1005 - (Date.now() % 1000));
    const reset = await t.patch(
      `/api/v1/users/${user.id}`,
      { password: 'N3w-Passw0rd-2026' },
      { token: await adminToken(t) },
    );
    expect(reset.status).toBe(200);
    const oldAccess = await t.get('/api/v1/me', { token: tokens.accessToken });
    expect(oldAccess.status).toBe(401);
    expect(oldAccess.body.code).toBe('UNAUTHENTICATED');
    const oldRefresh = await t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(oldRefresh.status).toBe(401);

    const fresh = await login(t, user.username, 'N3w-Passw0rd-2026');
    expect((await t.get('/api/v1/me', { token: fresh.accessToken })).status).toBe(200);
    expect((await t.post('/api/v1/auth/refresh', { refreshToken: fresh.refreshToken })).status).toBe(200);
  });
});

describe('#14.11 sign-out means out: the access tokens of an ended login are refused', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const me = (token: string) => t.get('/api/v1/me', { token });

  it('#14.11 logout ends every access token of that login, and only of that login', async () => {
    const { user, password } = await createUser(t);
    const first = await login(t, user.username, password);
    const other = await login(t, user.username, password);
    const rotated = await t.post('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(rotated.status).toBe(200);
    const out = await t.post(
      '/api/v1/auth/logout',
      { refreshToken: rotated.body.refreshToken },
      { token: rotated.body.accessToken },
    );
    expect(out.status).toBe(204);
    for (const token of [first.accessToken, rotated.body.accessToken]) {
      const res = await me(token);
      expect([res.status, res.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
    // The same user's other login goes on.
    expect((await me(other.accessToken)).status).toBe(200);
    expect((await t.post('/api/v1/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(200);
  });

  it('#14.11 a reused refresh token ends every access token of its login', async () => {
    const { user, password } = await createUser(t);
    const first = await login(t, user.username, password);
    const other = await login(t, user.username, password);
    const rotated = await t.post('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect((await me(rotated.body.accessToken)).status).toBe(200);
    await pastRefreshGrace(t, first.refreshToken);
    const replay = await t.post('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
    for (const token of [first.accessToken, rotated.body.accessToken]) {
      expect((await me(token)).status).toBe(401);
    }
    expect((await me(other.accessToken)).status).toBe(200);
  });

  it('#14.11 an access token without a live login is refused', async () => {
    const { user, password } = await createUser(t);
    const tokens = await login(t, user.username, password);
    const jwt = t.service<JwtService>(JwtService);
    const { iat: _iat, exp: _exp, ...claims } = jwt.decode<Record<string, unknown>>(tokens.accessToken);
    // A token of the right signature that names no login, or another user's login.
    const { sid: _sid, ...noSession } = claims;
    const otherLogin = await login(t, (await createUser(t)).user.username, DEFAULT_TEST_PASSWORD);
    const otherSid = jwt.decode<{ sid: string }>(otherLogin.accessToken).sid;
    for (const payload of [noSession, { ...claims, sid: otherSid }, { ...claims, sid: 'not-a-uuid' }]) {
      const res = await me(await jwt.signAsync(payload));
      expect([res.status, res.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
    expect((await me(tokens.accessToken)).status).toBe(200);
  });

  it('#14.11 the inbox (its own account check) refuses an ended login too, before any other refusal', async () => {
    const { user, password } = await createUser(t);
    const tokens = await login(t, user.username, password);
    const inbox = (query?: Record<string, string>) =>
      t.get('/api/v1/approvals/inbox', { token: tokens.accessToken, query });
    expect((await inbox()).status).toBe(200);
    expect((await inbox({ cursor: 'not-a-cursor' })).status).toBe(400);
    await t.post('/api/v1/auth/logout', { refreshToken: tokens.refreshToken }, { token: tokens.accessToken });
    for (const res of [await inbox(), await inbox({ cursor: 'not-a-cursor' })]) {
      expect([res.status, res.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
  });

  it('#14.11 the ballot (its own account check) refuses an ended login too, and records nothing', async () => {
    const s = await setUpAssociation(t, { active: 4, retired: 0, seats: 1 });
    const { electionId, candidateIds } = await createElection(t, s, s.active.slice(0, 2));
    const opened = await t.post(`/api/v1/elections/${electionId}/open-voting`, undefined, {
      token: s.chair.token,
    });
    expect(opened.status).toBe(200);
    // Two voters who log in with a password; one logs out, the other's refresh token is replayed.
    const [outVoter, reusedVoter, okVoter] = s.active.slice(1, 4);
    const hash = await hashPassword(DEFAULT_TEST_PASSWORD);
    await t.dataSource.query('UPDATE users SET password_hash = $2 WHERE id = ANY($1)', [
      [outVoter.id, reusedVoter.id],
      hash,
    ]);
    const out = await login(t, outVoter.username, DEFAULT_TEST_PASSWORD);
    await t.post('/api/v1/auth/logout', { refreshToken: out.refreshToken }, { token: out.accessToken });
    const reused = await login(t, reusedVoter.username, DEFAULT_TEST_PASSWORD);
    await t.post('/api/v1/auth/refresh', { refreshToken: reused.refreshToken });
    await pastRefreshGrace(t, reused.refreshToken);
    await t.post('/api/v1/auth/refresh', { refreshToken: reused.refreshToken });

    const vote = (token: string, body: object = { candidateIds: [candidateIds[0]] }) =>
      t.post(`/api/v1/elections/${electionId}/ballots`, body, { token });
    for (const token of [out.accessToken, reused.accessToken]) {
      for (const res of [
        await vote(token, { candidateIds: [candidateIds[0]], extra: 1 }),
        await vote(token),
      ]) {
        expect([res.status, res.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      }
    }
    expect((await vote(okVoter.token)).status).toBe(201);
    const [row] = await t.dataSource.query<{ voted: number; ballots: number }[]>(
      `SELECT (SELECT count(*)::int FROM election_voter_roll WHERE election_id = $1 AND voted) AS voted,
              (SELECT count(*)::int FROM election_sealed_ballots WHERE election_id = $1) AS ballots`,
      [electionId],
    );
    expect(row).toEqual({ voted: 1, ballots: 1 });
  });
});
