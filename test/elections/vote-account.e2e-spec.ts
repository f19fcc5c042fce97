import { untrustedTokens } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../support/wait.js';
import { createElection, setUpAssociation, type AssociationSetup, type Person } from './election-fixtures.js';

/**
 * The ballot route checks the account in the vote's own statements (@AuthenticatedByToken), not in
 * the guard: a disabled account, or a password reset after the token, must still be refused, with
 * the guard's answer, whether or not this process already holds the election's ballot rules, and
 * must change nothing.
 */
describe('who may not cast a ballot', () => {
  let t: TestApp;
  let s: AssociationSetup;
  let electionId: string;
  let candidateIds: string[];

  const vote = (who: Person | { token: string }, choices = [candidateIds[0]]) =>
    t.post(`/api/v1/elections/${electionId}/ballots`, { candidateIds: choices }, { token: who.token });

  async function traces(voter: Person) {
    const [row] = await t.dataSource.query<{ voted: boolean; audit: number; ballots: number }[]>(
      `SELECT (SELECT voted FROM election_voter_roll WHERE election_id = $1 AND user_id = $2) AS voted,
              (SELECT count(*)::int FROM audit_log WHERE stream = 'election:' || $1 || ':voter:' || $2) AS audit,
              (SELECT count(*)::int FROM election_sealed_ballots WHERE election_id = $1) AS ballots`,
      [electionId, voter.id],
    );
    return row;
  }

  beforeAll(async () => {
    t = await createTestApp();
    s = await setUpAssociation(t, { active: 30, retired: 0, seats: 5 });
    ({ electionId, candidateIds } = await createElection(t, s, s.active.slice(0, 6)));
    const opened = await t.post(`/api/v1/elections/${electionId}/open-voting`, undefined, {
      token: s.chair.token,
    });
    expect(opened.status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('refuses a disabled account before any ballot rules are held, and after', async () => {
    const [first, second, ok] = s.active.slice(10, 13);
    await t.dataSource.query(`UPDATE users SET status = 'disabled' WHERE id = ANY($1)`, [
      [first.id, second.id],
    ]);
    // First ballot of the election in this process: the rules are read, with the account.
    const before = await vote(first);
    expect(before.status).toBe(401);
    expect(before.body.code).toBe('UNAUTHENTICATED');
    expect(await vote(ok)).toMatchObject({ status: 201 });
    // Rules held now: the voter statement refuses, and its audit entry is rolled back.
    const after = await vote(second);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('UNAUTHENTICATED');
    for (const p of [first, second]) expect(await traces(p)).toMatchObject({ voted: false, audit: 0 });
    expect((await traces(ok)).ballots).toBe(1);
  });

  it('answers a disabled account 401, not the refusal of its ballot, while others get the refusal', async () => {
    const [disabled, active] = s.active.slice(20, 22);
    await t.dataSource.query(`UPDATE users SET status = 'disabled' WHERE id = $1`, [disabled.id]);
    const post = (p: Person, id: string, body: object) =>
      t.post(`/api/v1/elections/${id}/ballots`, body, { token: p.token });
    const bad: [(p: Person) => ReturnType<typeof vote>, number, string][] = [
      [(p) => post(p, electionId, { candidateIds: [candidateIds[0]], extra: 1 }), 400, 'VALIDATION_FAILED'],
      [(p) => vote(p, [candidateIds[0], candidateIds[0]]), 400, 'DUPLICATE_CANDIDATE'],
      [(p) => post(p, crypto.randomUUID(), { candidateIds: [candidateIds[0]] }), 404, 'ELECTION_NOT_FOUND'],
    ];
    for (const [send, status, code] of bad) {
      const refused = await send(disabled);
      expect([refused.status, refused.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      const answered = await send(active);
      expect([answered.status, answered.body.code]).toEqual([status, code]);
    }
    expect(await traces(disabled)).toMatchObject({ voted: false, audit: 0 });
    expect(await traces(active)).toMatchObject({ voted: false, audit: 0 });
  });

  it('refuses a token issued before a password reset, and takes a new one', async () => {
    const voter = s.active[14];
    await t.dataSource.query(
      `UPDATE users SET password_changed_at = now() + interval '5 seconds' WHERE id = $1`,
      [voter.id],
    );
    const res = await vote(voter);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect(await traces(voter)).toMatchObject({ voted: false, audit: 0 });
    await t.dataSource.query(
      `UPDATE users SET password_changed_at = now() - interval '1 minute' WHERE id = $1`,
      [voter.id],
    );
    expect((await vote(voter)).status).toBe(201);
    expect(await traces(voter)).toMatchObject({ voted: true, audit: 1 });
  });

  it('refuses tokens the guard cannot verify or that are not access tokens, changing nothing', async () => {
    const voter = s.active[15];
    for (const token of await untrustedTokens(t, voter)) {
      const res = await vote({ token });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
    const anonymous = await t.post(`/api/v1/elections/${electionId}/ballots`, { candidateIds: [] });
    expect(anonymous.status).toBe(401);
    expect(await traces(voter)).toMatchObject({ voted: false, audit: 0 });
  });

  it('answers a non-member as for an unknown election, and never with a ballot error', async () => {
    for (const choices of [[candidateIds[0]], [candidateIds[0], candidateIds[0]]]) {
      const res = await vote(s.outsider, choices);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('ELECTION_NOT_FOUND');
    }
    const unknown = await t.post(
      `/api/v1/elections/00000000-0000-4000-8000-000000000000/ballots`,
      { candidateIds: [] },
      { token: s.active[16].token },
    );
    expect(unknown.status).toBe(404);
  });

  // Last: it closes voting.
  it('marks "please cast your ballot" done once the reader voted, and for everyone once voting closed', async () => {
    const [voter, waiting] = s.active.slice(24, 26);
    const notice = (who: Person) =>
      waitFor('the voting notice', async () => {
        const res = await t.get('/api/v1/notifications', { token: who.token });
        return res.body.items.find(
          (n: any) => n.kind === 'election.opened' && n.link === `/elections/${electionId}`,
        );
      });
    expect((await notice(voter)).done).toBe(false);
    expect(await vote(voter)).toMatchObject({ status: 201 });
    expect((await notice(voter)).done).toBe(true);
    expect((await notice(waiting)).done).toBe(false);
    const closed = await t.post(`/api/v1/elections/${electionId}/close-voting`, undefined, {
      token: s.chair.token,
    });
    expect(closed.status).toBe(200);
    expect((await notice(waiting)).done).toBe(true);
  });
});
