import { createTestApp, type TestApp } from '../helpers/test-app.js';
import {
  bulkUsers,
  concurrently,
  countVotes,
  createElection,
  setUpAssociation,
  type AssociationSetup,
  type Person,
} from './election-fixtures.js';
import { runDueJobs } from '../support/jobs.js';
import { waitFor } from '../support/wait.js';

/**
 * The whole election as a new user would try it: 300 members (50 retired, not eligible), 11 seats,
 * 20 candidates; concurrent voting with double votes, ineligible voters and bad ballots; results
 * that match an independent count; receipts; certification; secrecy throughout.
 */
const TITLE = 'Board election, 7th term';
const TITLE_KM = 'ការបោះឆ្នោតជ្រើសរើសក្រុមប្រឹក្សាភិបាល អាណត្តិទី៧';

describe('board election, end to end', () => {
  let t: TestApp;
  let s: AssociationSetup;
  let electionId: string;
  let candidateIds: string[];
  let candidates: Person[];
  const accepted: { voter: string; choices: string[]; receipt: string }[] = [];
  const url = (p = '') => `/api/v1/elections/${electionId}${p}`;

  beforeAll(async () => {
    t = await createTestApp();
    s = await setUpAssociation(t, { active: 250, retired: 50, seats: 11 });
    candidates = s.active.slice(0, 20);
    ({ electionId, candidateIds } = await createElection(t, s, candidates.slice(0, 19), {
      quorumPercent: 50,
      title: TITLE,
      titleKm: TITLE_KM,
    }));
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('keeps the title in both languages; an empty Khmer title is none', async () => {
    const read = async () => (await t.get(url(''), { token: s.chair.token })).body;
    expect(await read()).toMatchObject({ title: TITLE, titleKm: TITLE_KM });
    const mine = await t.get('/api/v1/elections', { token: s.active[100].token });
    expect(mine.body.items.find((e: { id: string }) => e.id === electionId)).toMatchObject({
      title: TITLE,
      titleKm: TITLE_KM,
    });
    expect((await t.patch(url(''), { titleKm: ' ' }, { token: s.chair.token })).body.titleKm).toBeNull();
    expect((await t.patch(url(''), { titleKm: TITLE_KM }, { token: s.chair.token })).body.titleKm).toBe(
      TITLE_KM,
    );
  });

  it('lets a member nominate themself only while nominations are open, and only the committee run it', async () => {
    const self = candidates[19];
    const early = await t.post(url('/candidates'), { userId: self.id }, { token: self.token });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('NOMINATIONS_CLOSED');
    expect((await t.post(url('/open-nominations'), undefined, { token: self.token })).body.code).toBe(
      'NOT_ELECTION_COMMITTEE',
    );
    expect((await t.post(url('/open-nominations'), undefined, { token: s.chair.token })).body.status).toBe(
      'nominations',
    );
    const other = await t.post(url('/candidates'), { userId: s.active[30].id }, { token: self.token });
    expect(other.status).toBe(403);
    const retired = await t.post(url('/candidates'), { userId: s.retired[0].id }, { token: s.chair.token });
    expect(retired.body.code).toBe('CANDIDATE_NOT_ELIGIBLE');
    const ok = await t.post(
      url('/candidates'),
      { userId: self.id, statement: 'I will serve' },
      { token: self.token },
    );
    expect(ok.status).toBe(201);
    candidateIds.push(ok.body.id);
    const dup = await t.post(url('/candidates'), { userId: self.id }, { token: self.token });
    expect(dup.body.code).toBe('ALREADY_CANDIDATE');
    // One extra candidate withdraws before voting opens.
    const extra = await t.post(url('/candidates'), { userId: s.active[40].id }, { token: s.chair.token });
    const w = await t.post(url(`/candidates/${extra.body.id}/withdraw`), undefined, {
      token: s.active[40].token,
    });
    expect(w.status).toBe(200);
    expect(w.body.status).toBe('withdrawn');
  });

  it('refuses ballots before voting opens and hides the election from outsiders', async () => {
    const early = await t.post(url('/ballots'), { candidateIds: [] }, { token: s.active[100].token });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('ELECTION_NOT_OPEN');
    expect((await t.get(url(), { token: s.outsider.token })).status).toBe(404);
    expect((await t.post(url('/ballots'), { candidateIds: [] }, { token: s.outsider.token })).status).toBe(
      404,
    );
  });

  it('opens voting by hand: the roll is frozen and the ballot order drawn once', async () => {
    expect((await t.post(url('/open-voting'), undefined, { token: s.active[5].token })).status).toBe(403);
    const res = await t.post(url('/open-voting'), undefined, { token: s.chair.token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('voting');
    expect(res.body.turnout).toEqual({ voted: 0, eligible: 251 }); // 250 active + the chair
    expect(res.body.candidates).toHaveLength(20);
    expect(res.body.candidates.map((c: { ballotOrder: number }) => c.ballotOrder)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const again = await t.post(url('/open-voting'), undefined, { token: s.chair.token });
    expect(again.status).toBe(409);
    // A member joining now is not on the frozen roll.
    const late = await setUpLateMember();
    const v = await t.post(url('/ballots'), { candidateIds: [] }, { token: late.token });
    expect(v.status).toBe(403);
    expect(v.body.code).toBe('NOT_ELIGIBLE');
  });

  async function setUpLateMember(): Promise<Person> {
    const [late] = await bulkUsers(t, 1, 'late');
    const add = await t.post(
      `/api/v1/associations/${s.associationId}/members`,
      { userId: late.id, status: 'active' },
      { token: s.chair.token },
    );
    expect(add.status).toBe(201);
    return late;
  }

  it('takes concurrent ballots: one per voter, bad ballots refused, ineligible voters refused', async () => {
    // Voter i names the first (i % 12) candidates of a fixed preference: candidate k gets the
    // voters with i % 12 > k, so the 11th and 12th differ and the outcome is known.
    const preference = [...candidateIds].reverse();
    const voters = s.active.slice(20, 230);
    const ballotOf = (i: number) => preference.slice(0, i % 12).reverse();
    const tasks: (() => Promise<void>)[] = [];
    voters.forEach((voter, i) => {
      const choices = ballotOf(i);
      tasks.push(async () => {
        const res = await t.post(url('/ballots'), { candidateIds: choices }, { token: voter.token });
        if (res.status === 201) accepted.push({ voter: voter.id, choices, receipt: res.body.receipt });
        else expect(res.body.code).toBe('ALREADY_VOTED');
      });
      if (i % 10 === 0) {
        // A second try, at the same time, with another ballot.
        tasks.push(async () => {
          const res = await t.post(
            url('/ballots'),
            { candidateIds: preference.slice(0, 1) },
            { token: voter.token },
          );
          if (res.status === 201)
            accepted.push({ voter: voter.id, choices: preference.slice(0, 1), receipt: res.body.receipt });
          else expect(res.body.code).toBe('ALREADY_VOTED');
        });
      }
    });
    const refusals: [Person, unknown, number, string][] = [
      ...s.retired
        .slice(0, 10)
        .map((p) => [p, [candidateIds[0]], 403, 'NOT_ELIGIBLE'] as [Person, unknown, number, string]),
      ...s.active
        .slice(230, 235)
        .map(
          (p) => [p, candidateIds.slice(0, 12), 400, 'TOO_MANY_CHOICES'] as [Person, unknown, number, string],
        ),
      ...s.active
        .slice(235, 240)
        .map(
          (p) =>
            [p, [candidateIds[0], candidateIds[0]], 400, 'DUPLICATE_CANDIDATE'] as [
              Person,
              unknown,
              number,
              string,
            ],
        ),
      ...s.active
        .slice(240, 245)
        .map(
          (p) =>
            [p, [candidateIds[0], s.active[0].id], 400, 'UNKNOWN_CANDIDATE'] as [
              Person,
              unknown,
              number,
              string,
            ],
        ),
      [s.active[245], ['not-a-candidate'], 400, 'UNKNOWN_CANDIDATE'],
      [s.active[246], 'nope', 400, 'VALIDATION_FAILED'],
    ];
    for (const [p, ids, status, code] of refusals) {
      tasks.push(async () => {
        const res = await t.post(url('/ballots'), { candidateIds: ids }, { token: p.token });
        expect([res.status, res.body.code]).toEqual([status, code]);
      });
    }
    // Shuffle so that double votes, refusals and first votes interleave.
    tasks.sort(() => Math.random() - 0.5);
    await concurrently(tasks, 40);

    expect(accepted).toHaveLength(voters.length);
    expect(new Set(accepted.map((a) => a.voter)).size).toBe(voters.length);
    // A refused ballot did not use up the vote: the voter can still vote properly.
    const retry = await t.post(
      url('/ballots'),
      { candidateIds: [candidateIds[0]] },
      { token: s.active[230].token },
    );
    expect(retry.status).toBe(201);
    accepted.push({ voter: s.active[230].id, choices: [candidateIds[0]], receipt: retry.body.receipt });
    // Sealed until the close: the box (election_ballots) gets them only from the mix.
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM election_sealed_ballots WHERE election_id = $1`,
      [electionId],
    );
    expect(n).toBe(accepted.length);
  }, 180_000);

  it('shows turnout as a count only and hides results, receipts and ballots while voting is open', async () => {
    const voter = s.active[20];
    const e = await t.get(url(), { token: voter.token });
    expect(e.body.turnout).toEqual({ voted: accepted.length, eligible: 251 });
    expect(e.raw).not.toMatch(/"votes"/);
    for (const p of ['/results', '/results.svg', '/receipts', '/ballots', '/recount']) {
      const res = await t.get(url(p), { token: s.chair.token });
      expect([p, res.status, res.body.code]).toEqual([p, 403, 'RESULTS_NOT_AVAILABLE']);
    }
    const mine = await t.get(url('/my-vote'), { token: voter.token });
    expect(mine.body).toEqual({ voted: true, eligible: true });
    const notYet = await t.get(url('/my-vote'), { token: s.active[249].token });
    expect(notYet.body).toEqual({ voted: false, eligible: true });
  });

  it('closes by hand, tallies in the queue, and the results match an independent count', async () => {
    expect((await t.post(url('/close-voting'), undefined, { token: s.active[1].token })).status).toBe(403);
    const closed = await t.post(url('/close-voting'), undefined, { token: s.chair.token });
    expect(closed.body.status).toBe('closed');
    const late = await t.post(url('/ballots'), { candidateIds: [] }, { token: s.active[249].token });
    expect(late.body.code).toBe('ELECTION_NOT_OPEN');

    const results = await waitFor(
      'the tally',
      async () => {
        const r = await t.get(url('/results'), { token: s.active[249].token });
        return r.status === 200 ? r.body : null;
      },
      { timeoutMs: 60_000 },
    ); // 250 ballots to tally on a loaded machine
    const expected = countVotes(accepted.map((a) => a.choices));
    for (const c of results.candidates)
      expect([c.candidateId, c.votes]).toEqual([c.candidateId, expected.get(c.candidateId) ?? 0]);
    expect(results.ballotsCast).toBe(accepted.length);
    expect(results.blankBallots).toBe(accepted.filter((a) => a.choices.length === 0).length);
    expect(results.eligible).toBe(251);
    expect(results.quorumMet).toBe(true);
    expect(results.tie).toBeNull();
    expect(results.final).toBe(true);
    const ranked = [...expected.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    expect(results.elected).toEqual(ranked.slice(0, 11));
    expect(results.substitutes.map((x: { candidateId: string }) => x.candidateId).slice(0, 1)).toEqual([
      ranked[11] ?? expect.anything(),
    ]);
    expect(results.elected.length + results.substitutes.length).toBe(20);

    // The published anonymous ballots recount to the same numbers.
    const published = await t.get(url('/ballots'), { token: s.active[249].token });
    expect(published.body.count).toBe(accepted.length);
    expect(Object.keys(published.body.ballots[0])).toEqual(['choices']);
    const recounted = countVotes(published.body.ballots.map((b: { choices: string[] }) => b.choices));
    expect(new Map([...recounted].sort())).toEqual(new Map([...expected].sort()));
    // The stored tally is repeatable: the same votes and ranks for every candidate (the stored
    // results also list substitutes tied on votes in the lot's order, which a count does not draw).
    const again = await t.get(url('/recount'), { token: s.active[249].token });
    const counted = (list: { candidateId: string; votes: number; rank: number }[]) =>
      Object.fromEntries(list.map((c) => [c.candidateId, [c.votes, c.rank]]));
    expect(counted(again.body.candidates)).toEqual(counted(results.candidates));
    expect(again.body.candidates).toHaveLength(results.candidates.length);
  });

  it('publishes every receipt, sorted, so each voter finds theirs', async () => {
    const res = await t.get(url('/receipts'), { token: s.active[21].token });
    expect(res.body.count).toBe(accepted.length);
    expect(res.body.receipts).toEqual([...res.body.receipts].sort());
    const published = new Set(res.body.receipts);
    for (const a of accepted) expect(published.has(a.receipt)).toBe(true);
    // The results give both lists as plain links signed for the reader: they open without a token
    // (a new tab, "save as"), and only for that path.
    const results = (await t.get(url('/results'), { token: s.active[21].token })).body;
    const plain = await fetch(`${t.baseUrl}${results.receiptsUrl}`);
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as { receipts: string[] }).receipts).toEqual(res.body.receipts);
    const ballots = await fetch(`${t.baseUrl}${results.ballotsUrl}`);
    expect(ballots.status).toBe(200);
    expect(((await ballots.json()) as { ballots: unknown[] }).ballots).toHaveLength(accepted.length);
    const query = results.receiptsUrl.slice(results.receiptsUrl.indexOf('?'));
    expect((await fetch(`${t.baseUrl}${url('/recount')}${query}`)).status).toBe(401);
    expect((await fetch(`${t.baseUrl}${url('/receipts')}`)).status).toBe(401);
    expect(accepted[0].receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
  });

  it('never links a voter to a choice: ballot rows, audit entries, my-vote', async () => {
    const columns = await t.dataSource.query<{ column_name: string }[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'election_ballots' ORDER BY column_name`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['choices', 'election_id', 'id', 'receipt']);
    const rollColumns = await t.dataSource.query<{ column_name: string }[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'election_voter_roll' ORDER BY column_name`,
    );
    expect(rollColumns.map((c) => c.column_name)).toEqual(['election_id', 'user_id', 'voted']);
    const audit = await t.dataSource.query<
      { action: string; actor_id: string; data: Record<string, unknown> }[]
    >(`SELECT action, actor_id, data FROM audit_log WHERE entity_type = 'election' AND entity_id = $1`, [
      electionId,
    ]);
    const casts = audit.filter((a) => a.action === 'election.vote_cast');
    expect(casts).toHaveLength(accepted.length);
    const text = JSON.stringify(audit);
    for (const a of accepted.slice(0, 50)) expect(text).not.toContain(a.receipt);
    for (const c of casts) expect(c.data).toEqual({});
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'election.created',
        'election.nominations_opened',
        'election.candidate_nominated',
        'election.candidate_withdrawn',
        'election.voting_opened',
        'election.voting_closed',
        'election.tallied',
      ]),
    );
    // The tally's entry names the elected by account as well as by candidate (the audit page names accounts).
    const results = (await t.get(url('/results'), { token: s.active[21].token })).body;
    const tallied = audit.find((a) => a.action === 'election.tallied')!;
    expect(tallied.data.elected).toEqual(
      results.elected.map((candidateId: string) => ({
        candidateId,
        userId: results.candidates.find((c: { candidateId: string }) => c.candidateId === candidateId).userId,
      })),
    );
    const mine = await t.get(url('/my-vote'), {
      token: accepted[0] && s.active.find((p) => p.id === accepted[0].voter)!.token,
    });
    expect(Object.keys(mine.body).sort()).toEqual(['eligible', 'voted']);
  });

  it('draws the chart with Khmer names and the elected marked', async () => {
    const svg = await t.get(url('/results.svg'), { token: s.active[21].token });
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.raw).toContain("'Noto Sans Khmer'");
    expect(svg.raw).toContain('សមាជិក');
    expect(svg.raw.match(/data-outcome="elected"/g)).toHaveLength(11);
  });

  it('certifies once: the elected become the board of the term, substitutes ranked', async () => {
    expect((await t.post(url('/certify'), undefined, { token: s.active[3].token })).status).toBe(403);
    const res = await t.post(url('/certify'), undefined, { token: s.chair.token });
    expect(res.status).toBe(200);
    expect(res.body.members).toHaveLength(11);
    expect(res.body.substitutes).toHaveLength(9);
    expect(res.body.substitutes[0].substituteRank).toBe(1);
    const again = await t.post(url('/certify'), undefined, { token: s.chair.token });
    expect(again.status).toBe(409);
    // Everyone who could vote is told, with a link to the results, once; nobody else.
    await runDueJobs(t);
    const placed = new Set<string>(
      [...res.body.members, ...res.body.substitutes].map((m: { userId: string }) => m.userId),
    );
    const notPlaced = s.active.filter((p) => !placed.has(p.id));
    for (const voter of [notPlaced[0], notPlaced[150]]) {
      const list = await t.get('/api/v1/notifications', { token: voter.token });
      const notices = (list.body.items as { kind: string; link: string }[]).filter(
        (n) => n.kind === 'election.certified',
      );
      expect(notices.map((n) => n.link)).toEqual([`/elections/${electionId}`]);
    }
    // The elected and the substitutes each learn their own place instead, in their language, with the board's link.
    const personOf = (id: string) => s.active.find((p) => p.id === id)!;
    const noticesOf = async (id: string) =>
      (await t.get('/api/v1/notifications', { token: personOf(id).token })).body.items as {
        kind: string;
        link: string;
        title: string;
        body: string;
      }[];
    const boardLink = `/associations/${s.associationId}/terms/${s.termId}/board`;
    const elected = await noticesOf(res.body.members[0].userId);
    expect(elected.filter((n) => n.kind.startsWith('election.') && n.kind !== 'election.opened')).toEqual([
      expect.objectContaining({ kind: 'election.elected', link: boardLink }),
    ]);
    // Told by the election's Khmer title (the Khmer readers' language), not its English one.
    expect(elected.find((n) => n.kind === 'election.elected')!.body).toMatch(
      new RegExp(
        `^លទ្ធផលនៃ ${TITLE_KM} ត្រូវបានបញ្ជាក់៖ អ្នកត្រូវបានជ្រើសតាំងជាសមាជិកក្រុមប្រឹក្សាភិបាល ដោយទទួលបាន [០-៩]+ សំឡេង។`,
      ),
    );
    const firstSubstitute = await noticesOf(res.body.substitutes[0].userId);
    expect(
      firstSubstitute.filter((n) => n.kind.startsWith('election.') && n.kind !== 'election.opened'),
    ).toEqual([expect.objectContaining({ kind: 'election.substitute', link: boardLink })]);
    expect(firstSubstitute.find((n) => n.kind === 'election.substitute')!.body).toContain('សមាជិកបម្រុងលេខ ១ ');
    // This election's roll is the active members: a retired one is not on it.
    const retired = await t.get('/api/v1/notifications', { token: s.retired[0].token });
    expect(retired.body.items.filter((n: { kind: string }) => n.kind === 'election.certified')).toEqual([]);
    const board = await t.get(`/api/v1/associations/${s.associationId}/terms/${s.termId}/board`, {
      token: s.active[200].token,
    });
    expect(board.body.members).toHaveLength(11);
    expect(board.body.electionId).toBe(electionId);
    const president = board.body.members[0].userId;
    const role = await t.put(
      `/api/v1/associations/${s.associationId}/terms/${s.termId}/board/${president}/role`,
      { role: 'president' },
      { token: s.chair.token },
    );
    expect(role.status).toBe(200);
    expect(role.body.members[0]).toMatchObject({ userId: president, role: 'president' });
    const second = await t.put(
      `/api/v1/associations/${s.associationId}/terms/${s.termId}/board/${board.body.members[1].userId}/role`,
      { role: 'president' },
      { token: s.chair.token },
    );
    expect(second.body.code).toBe('BOARD_ROLE_TAKEN');
    // The members list says who sits on the board, and as what, beside their role in the association:
    // the board of a term that has not ended (this one ended in 2015; then it is made to run on).
    const listed = async () =>
      (
        await t.get(`/api/v1/associations/${s.associationId}/members`, {
          token: s.active[200].token,
          query: { search: board.body.members[0].fullName },
        })
      ).body.items.find((m: { userId: string }) => m.userId === president);
    expect(await listed()).toMatchObject({ boardRole: null, role: 'member', username: null });
    await t.dataSource.query(`UPDATE association_terms SET ends_on = '2999-12-31' WHERE id = $1`, [s.termId]);
    expect(await listed()).toMatchObject({ boardRole: 'president', role: 'member', username: null });
    expect((await t.post(url('/cancel'), undefined, { token: s.chair.token })).body.code).toBe(
      'ELECTION_FINISHED',
    );
    const audit = await t.dataSource.query<{ action: string; actor_id: string }[]>(
      `SELECT action, actor_id FROM audit_log WHERE stream = $1 AND action = 'election.certified'`,
      [`election:${electionId}`],
    );
    expect(audit).toEqual([{ action: 'election.certified', actor_id: s.chair.id }]);
  });
});
