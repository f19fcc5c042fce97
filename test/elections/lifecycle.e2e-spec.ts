import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { createElection, inMinutes, setUpAssociation, type AssociationSetup } from './election-fixtures.js';
import { waitFor } from '../support/wait.js';

/** Who may not, and the lifecycle's refusals: cancel, reschedule, quorum, candidates locked. */
describe('election lifecycle and permissions', () => {
  let t: TestApp;
  let s: AssociationSetup;

  beforeAll(async () => {
    t = await createTestApp();
    s = await setUpAssociation(t, { active: 20, retired: 4, seats: 3 });
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('lets only the committee create elections, with valid times and choices', async () => {
    const url = `/api/v1/associations/${s.associationId}/elections`;
    const body = {
      termId: s.termId,
      title: 'Board 2014',
      seats: 3,
      votingOpensAt: inMinutes(10),
      votingClosesAt: inMinutes(20),
      tieBreak: 'lot',
    };
    expect((await t.post(url, body, { token: s.active[0].token })).body.code).toBe('NOT_ELECTION_COMMITTEE');
    expect((await t.post(url, body, { token: s.outsider.token })).status).toBe(404);
    const backwards = await t.post(url, { ...body, votingClosesAt: inMinutes(5) }, { token: s.chair.token });
    expect(backwards.status).toBe(400);
    expect(backwards.body.details[0].field).toBe('votingClosesAt');
    expect((await t.post(url, { ...body, maxChoices: 4 }, { token: s.chair.token })).status).toBe(400);
    expect((await t.post(url, { ...body, tieBreak: 'coin' }, { token: s.chair.token })).status).toBe(400);
    expect(
      (await t.post(url, { ...body, eligibleStatuses: ['sleeping'] }, { token: s.chair.token })).status,
    ).toBe(400);
    const otherTerm = await t.post(url, { ...body, termId: s.chair.id }, { token: s.chair.token });
    expect(otherTerm.body.code).toBe('TERM_NOT_FOUND');
    const list = await t.get(url, { token: s.active[0].token });
    expect(list.status).toBe(200);
  });

  it("a system administrator reads the association's elections but runs none until made a committee member", async () => {
    // An association of its own: the administrator joins its committee below.
    const s = await setUpAssociation(t, { active: 3, retired: 0, seats: 2 });
    const { electionId } = await createElection(t, s, s.active.slice(0, 3), { seats: 2 });
    const url = (p = '') => `/api/v1/elections/${electionId}${p}`;
    const admin = s.admin;
    // Reads it (oversight), is told it may not run it, and runs nothing.
    expect((await t.get(url(), { token: admin })).status).toBe(200);
    const mine = await t.get('/api/v1/elections', { token: admin, query: { limit: '200' } });
    expect(mine.body.items.find((e: any) => e.id === electionId)).toMatchObject({ mayRun: false });
    const created = await t.post(
      `/api/v1/associations/${s.associationId}/elections`,
      {
        termId: s.termId,
        title: 'x',
        seats: 1,
        votingOpensAt: inMinutes(10),
        votingClosesAt: inMinutes(20),
        tieBreak: 'lot',
      },
      { token: admin },
    );
    expect([created.status, created.body.code]).toEqual([403, 'NOT_ELECTION_COMMITTEE']);
    for (const [method, path] of [
      ['patch', ''],
      ['post', '/open-nominations'],
      ['post', '/open-voting'],
      ['post', '/close-voting'],
      ['post', '/cancel'],
      ['post', '/tie-break'],
    ] as const) {
      const body =
        method === 'patch' ? { title: 'Taken over' } : path === '/tie-break' ? { method: 'lot' } : undefined;
      const res = await t[method](url(path), body, { token: admin });
      expect([path, res.status, res.body.code]).toEqual([path, 403, 'NOT_ELECTION_COMMITTEE']);
    }
    const certify = await t.post(url('/certify'), undefined, { token: admin });
    expect([certify.status, certify.body.code]).toEqual([403, 'NOT_ASSOCIATION_ADMIN']);
    expect((await t.get(url(), { token: s.chair.token })).body).toMatchObject({ status: 'draft' });
    // Made a member of the committee (in the register, audited), the same administrator runs it.
    const [{ id: adminId }] = await t.dataSource.query(`SELECT id FROM users WHERE username = $1`, [
      (await t.get('/api/v1/me', { token: admin })).body.username,
    ]);
    const joined = await t.post(
      `/api/v1/associations/${s.associationId}/members`,
      { userId: adminId, status: 'active', role: 'committee' },
      { token: admin },
    );
    expect(joined.status).toBe(201);
    expect((await t.post(url('/open-voting'), undefined, { token: admin })).status).toBe(200);
    // Certifying stays with the association's own admins.
    expect((await t.post(url('/certify'), undefined, { token: admin })).body.code).toBe(
      'NOT_ASSOCIATION_ADMIN',
    );
  });

  it('reschedules before opening, locks candidates once voting opens, and cancels', async () => {
    const { electionId, candidateIds } = await createElection(t, s, s.active.slice(0, 4), {
      seats: 3,
      eligibleStatuses: ['active', 'retired'],
    });
    const url = (p = '') => `/api/v1/elections/${electionId}${p}`;
    const moved = await t.patch(
      url(),
      { votingOpensAt: inMinutes(30), votingClosesAt: inMinutes(90) },
      { token: s.chair.token },
    );
    expect(moved.status).toBe(200);
    expect((await t.patch(url(), { title: 'x' }, { token: s.active[1].token })).status).toBe(403);
    const opened = await t.post(url('/open-voting'), undefined, { token: s.chair.token });
    expect(opened.body.turnout.eligible).toBe(25); // active, retired and the chair
    expect((await t.patch(url(), { votingOpensAt: inMinutes(40) }, { token: s.chair.token })).body.code).toBe(
      'ELECTION_NOT_OPENABLE',
    );
    const lateCandidate = await t.post(
      url('/candidates'),
      { userId: s.active[9].id },
      { token: s.chair.token },
    );
    expect(lateCandidate.body.code).toBe('NOMINATIONS_CLOSED');
    const withdraw = await t.post(url(`/candidates/${candidateIds[0]}/withdraw`), undefined, {
      token: s.chair.token,
    });
    expect(withdraw.body.code).toBe('CANDIDATES_LOCKED');
    expect(
      (await t.post(url('/ballots'), { candidateIds: [candidateIds[1]] }, { token: s.retired[0].token }))
        .status,
    ).toBe(201);
    expect((await t.post(url('/cancel'), undefined, { token: s.active[2].token })).status).toBe(403);
    const cancelled = await t.post(url('/cancel'), undefined, { token: s.chair.token });
    expect(cancelled.body.status).toBe('cancelled');
    const vote = await t.post(url('/ballots'), { candidateIds: [] }, { token: s.active[5].token });
    expect(vote.body.code).toBe('ELECTION_NOT_OPEN');
    expect((await t.get(url('/results'), { token: s.chair.token })).body.code).toBe('RESULTS_NOT_AVAILABLE');
    expect((await t.post(url('/cancel'), undefined, { token: s.chair.token })).body.code).toBe(
      'ELECTION_FINISHED',
    );
    expect((await t.post(url('/certify'), undefined, { token: s.chair.token })).body.code).toBe(
      'ELECTION_NOT_CLOSED',
    );
  });

  it('elects nobody below the quorum and refuses to certify it', async () => {
    const { electionId, candidateIds } = await createElection(t, s, s.active.slice(0, 4), {
      seats: 3,
      quorumPercent: 50,
    });
    const url = (p = '') => `/api/v1/elections/${electionId}${p}`;
    await t.post(url('/open-voting'), undefined, { token: s.chair.token });
    for (const v of s.active.slice(0, 3)) {
      expect(
        (await t.post(url('/ballots'), { candidateIds: [candidateIds[0]] }, { token: v.token })).status,
      ).toBe(201);
    }
    await t.post(url('/close-voting'), undefined, { token: s.chair.token });
    const results = await waitFor('the tally', async () => {
      const r = await t.get(url('/results'), { token: s.active[10].token });
      return r.status === 200 && r;
    });
    expect(results.body).toMatchObject({ quorumMet: false, elected: [], ballotsCast: 3, eligible: 21 });
    expect(results.body.candidates[0]).toMatchObject({ candidateId: candidateIds[0], votes: 3, rank: 1 });
    expect((await t.post(url('/certify'), undefined, { token: s.chair.token })).body.code).toBe(
      'QUORUM_NOT_MET',
    );
    expect((await t.get(url('/results'), { token: s.outsider.token })).status).toBe(404);
    expect((await t.get(url('/receipts'), { token: s.outsider.token })).status).toBe(404);
  });

  it('#14.8 closed elections stay closed: the committee cannot cancel a closed, tallied election', async () => {
    const { electionId, candidateIds } = await createElection(t, s, s.active.slice(0, 4), { seats: 3 });
    const url = (p = '') => `/api/v1/elections/${electionId}${p}`;
    await t.post(url('/open-voting'), undefined, { token: s.chair.token });
    expect(
      (await t.post(url('/ballots'), { candidateIds: [candidateIds[0]] }, { token: s.active[0].token }))
        .status,
    ).toBe(201);
    expect((await t.post(url('/close-voting'), undefined, { token: s.chair.token })).status).toBe(200);
    const tallied = await waitFor('the tally', async () => {
      const r = await t.get(url('/results'), { token: s.active[10].token });
      return r.status === 200 ? r.body : null;
    });
    const refused = await t.post(url('/cancel'), undefined, { token: s.chair.token });
    expect([refused.status, refused.body.code]).toEqual([409, 'ELECTION_FINISHED']);
    // A system administrator who is not on the committee may not run it at all.
    expect((await t.post(url('/cancel'), undefined, { token: s.admin })).body.code).toBe(
      'NOT_ELECTION_COMMITTEE',
    );
    const after = await t.get(url(), { token: s.active[10].token });
    expect(after.body).toMatchObject({ status: 'closed', resultsAvailable: true });
    // The same results; only the signed links differ (their expiry counts from each request).
    const again = (await t.get(url('/results'), { token: s.active[10].token })).body;
    const unsigned = (r: any) => ({
      ...r,
      chartUrl: undefined,
      ballotsUrl: undefined,
      receiptsUrl: undefined,
    });
    expect(unsigned(again)).toEqual(unsigned(tallied));
    const audit = await t.dataSource.query(
      `SELECT 1 FROM audit_log WHERE stream = $1 AND action = 'election.cancelled'`,
      [`election:${electionId}`],
    );
    expect(audit).toEqual([]);
  });
});
