import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { createElection, inMinutes, setUpAssociation, type AssociationSetup } from './election-fixtures.js';
import { waitFor } from '../support/wait.js';

/**
 * Issue 16's trial: an election of fewer seats than its term's board replaced the term's board
 * without a word. Its `boardSizeChange` says so from creation on, and certifying it needs the
 * caller's confirmation. And after a missed quorum, the next step the lifecycle allows: a new
 * election for the same term (the closed one cannot be cancelled).
 */
describe('board size and the step after a missed quorum', () => {
  let t: TestApp;
  let s: AssociationSetup;

  beforeAll(async () => {
    t = await createTestApp();
    s = await setUpAssociation(t, { active: 12, retired: 0, seats: 11 });
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  /** An election of `seats` with a candidate elected on every seat, closed and tallied. */
  async function closedElection(seats: number, body: Record<string, unknown> = {}) {
    const candidates = s.active.slice(0, seats);
    const { electionId, candidateIds } = await createElection(t, s, candidates, { seats, ...body });
    const url = (p = '') => `/api/v1/elections/${electionId}${p}`;
    expect((await t.post(url('/open-voting'), undefined, { token: s.chair.token })).status).toBe(200);
    for (const v of s.active.slice(0, 3)) {
      const ballot = await t.post(url('/ballots'), { candidateIds }, { token: v.token });
      expect(ballot.status).toBe(201);
    }
    expect((await t.post(url('/close-voting'), undefined, { token: s.chair.token })).status).toBe(200);
    const results = await waitFor('the tally', async () => {
      const r = await t.get(url('/results'), { token: s.chair.token });
      return r.status === 200 ? r.body : null;
    });
    return { electionId, url, results };
  }

  it('says from creation on that an election of 7 seats for a term of 11 installs a board of 7', async () => {
    const { electionId } = await createElection(t, s, [], { seats: 7 });
    const shown = await t.get(`/api/v1/elections/${electionId}`, { token: s.active[5].token });
    expect(shown.body).toMatchObject({
      termNumber: 7,
      seats: 7,
      boardSizeChange: { boardSeats: 11, seats: 7 },
    });
    const same = await createElection(t, s, [], { seats: 11 });
    const sameShown = await t.get(`/api/v1/elections/${same.electionId}`, { token: s.chair.token });
    expect(sameShown.body).toMatchObject({ termNumber: 7, boardSizeChange: null });
  });

  it('certifies an election of another board size only when told so, and only for an association admin', async () => {
    const term = await t.post(
      `/api/v1/associations/${s.associationId}/terms`,
      { number: 8, startsOn: '2016-01-01', endsOn: '2017-12-31', boardSeats: 11 },
      { token: s.chair.token },
    );
    expect(term.status).toBe(201);
    s.termId = term.body.id;
    const { url, results } = await closedElection(2);
    expect(results).toMatchObject({ final: true, quorumMet: true });
    expect(results.elected).toHaveLength(2);

    const unconfirmed = await t.post(url('/certify'), undefined, { token: s.chair.token });
    expect([unconfirmed.status, unconfirmed.body.code]).toEqual([409, 'BOARD_SIZE_CHANGE_UNCONFIRMED']);
    expect(unconfirmed.body.details).toEqual({ termNumber: 8, boardSeats: 11, seats: 2 });
    const notTrue = await t.post(
      url('/certify'),
      { confirmBoardSizeChange: false },
      { token: s.chair.token },
    );
    expect(notTrue.body.code).toBe('BOARD_SIZE_CHANGE_UNCONFIRMED');
    const notBoolean = await t.post(
      url('/certify'),
      { confirmBoardSizeChange: 'yes' },
      { token: s.chair.token },
    );
    expect([notBoolean.status, notBoolean.body.code]).toEqual([400, 'VALIDATION_FAILED']);

    // Who may not, even confirming: a member, the election committee (certifying is the admins'), an outsider.
    const committee = s.active[11];
    const role = await t.patch(
      `/api/v1/associations/${s.associationId}/members/${committee.id}`,
      { role: 'committee' },
      { token: s.chair.token },
    );
    expect(role.status).toBe(200);
    const confirm = { confirmBoardSizeChange: true };
    expect((await t.post(url('/certify'), confirm, { token: s.active[4].token })).body.code).toBe(
      'NOT_ASSOCIATION_ADMIN',
    );
    expect((await t.post(url('/certify'), confirm, { token: committee.token })).body.code).toBe(
      'NOT_ASSOCIATION_ADMIN',
    );
    expect((await t.post(url('/certify'), confirm, { token: s.outsider.token })).status).toBe(404);
    expect((await t.get(url(), { token: s.chair.token })).body.status).toBe('closed');

    const board = await t.post(url('/certify'), confirm, { token: s.chair.token });
    expect(board.status).toBe(200);
    expect(board.body.term).toMatchObject({ number: 8, boardSeats: 11 });
    expect(board.body.members).toHaveLength(2);
    const [entry] = await t.dataSource.query<{ data: { boardSizeChange: unknown } }[]>(
      `SELECT data FROM audit_log WHERE entity_id = $1 AND action = 'election.certified'`,
      [board.body.electionId],
    );
    expect(entry.data.boardSizeChange).toEqual({ boardSeats: 11, seats: 2 });
  });

  it('after a missed quorum, the closed election cannot be cancelled and a new one for the term can be made', async () => {
    const term = await t.post(
      `/api/v1/associations/${s.associationId}/terms`,
      { number: 9, startsOn: '2018-01-01', endsOn: '2019-12-31', boardSeats: 2 },
      { token: s.chair.token },
    );
    s.termId = term.body.id;
    const { url, results } = await closedElection(2, { quorumPercent: 90 });
    expect(results).toMatchObject({ quorumMet: false, elected: [] });
    expect((await t.post(url('/certify'), undefined, { token: s.chair.token })).body.code).toBe(
      'QUORUM_NOT_MET',
    );
    expect((await t.post(url('/cancel'), undefined, { token: s.chair.token })).body.code).toBe(
      'ELECTION_FINISHED',
    );
    const again = await t.post(
      `/api/v1/associations/${s.associationId}/elections`,
      {
        termId: s.termId,
        title: 'Board, term 9 (again)',
        seats: 2,
        quorumPercent: 90,
        votingOpensAt: inMinutes(60),
        votingClosesAt: inMinutes(120),
        tieBreak: 'lot',
      },
      { token: s.chair.token },
    );
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ status: 'draft', termNumber: 9, boardSizeChange: null });
  });
});
