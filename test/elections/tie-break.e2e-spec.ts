import { createHash } from 'node:crypto';
import { commitLotSeedsOfOpenElections } from '../../migrations/1796273376933-ElectionLotCommitment.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { createElection, inSeconds, setUpAssociation, type AssociationSetup } from './election-fixtures.js';
import { waitFor } from '../support/wait.js';

/**
 * A tie across the 11th seat: 10 candidates clearly ahead, 3 tied for the last seat. Broken by a
 * lot whose published seed lets anyone repeat the draw, or by a runoff among the tied.
 */
describe('tie-break', () => {
  let t: TestApp;
  let s: AssociationSetup;

  beforeAll(async () => {
    t = await createTestApp();
    s = await setUpAssociation(t, { active: 40, retired: 5, seats: 11 });
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  /** Candidates 0-9 get 30..21 votes and 10, 11, 12 get 5 each: a tie across the 11th seat. */
  const acrossTheSeat = (i: number, ids: string[]) => {
    const choices = ids.slice(0, 10).filter((_, k) => i < 30 - k);
    if (i < 5) choices.push(ids[10]);
    else if (i < 10) choices.push(ids[11]);
    else if (i < 15) choices.push(ids[12]);
    return choices;
  };

  /** Opens an election of 13 candidates, casts 30 ballots (`choicesOf` voter i) and closes it. */
  async function tiedElection(
    tieBreak: 'lot' | 'runoff',
    choicesOf: (i: number, ids: string[]) => string[] = acrossTheSeat,
  ): Promise<{ electionId: string; ids: string[]; opened: any }> {
    const { electionId, candidateIds: ids } = await createElection(t, s, s.active.slice(0, 13), { tieBreak });
    const opened = await t.post(`/api/v1/elections/${electionId}/open-voting`, undefined, {
      token: s.chair.token,
    });
    expect(opened.status).toBe(200);
    const voters = s.active.slice(0, 30);
    await Promise.all(
      voters.map((v, i) => {
        const choices = choicesOf(i, ids);
        return t
          .post(`/api/v1/elections/${electionId}/ballots`, { candidateIds: choices }, { token: v.token })
          .then((r) => {
            expect(r.status).toBe(201);
          });
      }),
    );
    await t.post(`/api/v1/elections/${electionId}/close-voting`, undefined, { token: s.chair.token });
    return { electionId, ids, opened: opened.body };
  }

  /** A new term of the association, so that it can hold (and certify) another election. */
  async function newTerm(n: number): Promise<void> {
    const year = 2000 + 2 * n;
    const term = await t.post(
      `/api/v1/associations/${s.associationId}/terms`,
      { number: n, startsOn: `${year}-01-01`, endsOn: `${year + 1}-12-31`, boardSeats: 11 },
      { token: s.chair.token },
    );
    expect(term.status).toBe(201);
    s.termId = term.body.id;
  }

  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
  const lotOrder = (seed: string, ids: string[]) =>
    ids
      .map((id) => ({ id, h: sha256(`${seed}:${id}`) }))
      .sort((a, b) => (a.h < b.h ? -1 : 1))
      .map((x) => x.id);
  const storedSeed = async (electionId: string): Promise<string> =>
    (
      await t.dataSource.query<{ seed: string }[]>(
        `SELECT seed FROM election_lot_seeds WHERE election_id = $1`,
        [electionId],
      )
    )[0].seed;

  const results = (electionId: string) =>
    waitFor('the tally', async () => {
      const r = await t.get(`/api/v1/elections/${electionId}/results`, { token: s.active[39].token });
      return r.status === 200 ? r.body : null;
    });

  it('holds the result on a tie across the last seat, then settles it by a reproducible lot', async () => {
    const { electionId, ids } = await tiedElection('lot');
    const held = await results(electionId);
    expect(held.final).toBe(false);
    expect(held.elected).toEqual(ids.slice(0, 10));
    expect(held.tie).toEqual({ candidateIds: expect.arrayContaining(ids.slice(10)), seatsLeft: 1, votes: 5 });
    const notYet = await t.post(`/api/v1/elections/${electionId}/certify`, undefined, {
      token: s.chair.token,
    });
    expect(notYet.body.code).toBe('TIE_UNRESOLVED');
    const wrong = await t.post(
      `/api/v1/elections/${electionId}/tie-break`,
      { method: 'runoff', votingOpensAt: inSeconds(60), votingClosesAt: inSeconds(120) },
      { token: s.chair.token },
    );
    expect(wrong.body.code).toBe('TIE_BREAK_METHOD_MISMATCH');
    expect(
      (
        await t.post(
          `/api/v1/elections/${electionId}/tie-break`,
          { method: 'lot' },
          { token: s.active[3].token },
        )
      ).status,
    ).toBe(403);

    const res = await t.post(
      `/api/v1/elections/${electionId}/tie-break`,
      { method: 'lot' },
      { token: s.chair.token },
    );
    expect(res.status).toBe(200);
    const settled = res.body.results;
    expect(settled.final).toBe(true);
    expect(settled.tie).toBeNull();
    const { seed, procedure, draw, winners } = settled.tieBreak;
    expect(seed).toMatch(/^[0-9a-f]{64}$/);
    expect(procedure).toContain('SHA-256');
    // Anyone repeats the draw from the published seed and gets the same winner.
    const repeated = [...ids.slice(10)]
      .map((id) => ({ id, h: createHash('sha256').update(`${seed}:${id}`, 'utf8').digest('hex') }))
      .sort((a, b) => (a.h < b.h ? -1 : 1));
    expect(draw.map((d: { candidateId: string }) => d.candidateId)).toEqual(repeated.map((r) => r.id));
    expect(winners).toEqual([repeated[0].id]);
    expect(settled.elected).toEqual([...ids.slice(0, 10), repeated[0].id]);
    expect(settled.substitutes.slice(0, 2).map((x: { candidateId: string }) => x.candidateId)).toEqual([
      repeated[1].id,
      repeated[2].id,
    ]);
    expect((await results(electionId)).elected).toEqual(settled.elected);

    const twice = await t.post(
      `/api/v1/elections/${electionId}/tie-break`,
      { method: 'lot' },
      { token: s.chair.token },
    );
    expect([twice.status, twice.body.code]).toEqual([409, 'TIE_ALREADY_BROKEN']);
    const board = await t.post(`/api/v1/elections/${electionId}/certify`, undefined, {
      token: s.chair.token,
    });
    expect(board.status).toBe(200);
    expect(board.body.members.map((m: { userId: string }) => m.userId)).toContain(
      s.active[ids.indexOf(repeated[0].id)].id,
    );
  });

  it('#14.4 the lot seed is committed when voting opens and revealed only by the tie-break', async () => {
    await newTerm(8);
    const draft = await createElection(t, s, s.active.slice(0, 2), { tieBreak: 'lot' });
    expect(
      (await t.get(`/api/v1/elections/${draft.electionId}`, { token: s.active[0].token })).body.lotCommitment,
    ).toBeNull();

    const { electionId, ids, opened } = await tiedElection('lot');
    const commitment = opened.lotCommitment;
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);
    const seed = await storedSeed(electionId);
    expect(sha256(seed)).toBe(commitment);
    const audit = await t.dataSource.query<{ action: string; data: Record<string, unknown> }[]>(
      `SELECT action, data FROM audit_log WHERE stream = $1 ORDER BY seq`,
      [`election:${electionId}`],
    );
    expect(audit.find((a) => a.action === 'election.voting_opened')!.data.lotCommitment).toBe(commitment);
    expect(JSON.stringify(audit)).not.toContain(seed);

    // Before the draw no route shows the seed.
    const held = await results(electionId);
    expect(held.final).toBe(false);
    expect(held.lotSeed).toBeNull();
    expect(held.lotCommitment).toBe(commitment);
    const member = { token: s.active[39].token };
    const seen = await Promise.all(
      [
        `/api/v1/elections/${electionId}`,
        `/api/v1/associations/${s.associationId}/elections`,
        `/api/v1/elections/${electionId}/results`,
        `/api/v1/elections/${electionId}/recount`,
        `/api/v1/elections/${electionId}/ballots`,
        `/api/v1/elections/${electionId}/receipts`,
      ].map((url) => t.get(url, member)),
    );
    for (const r of seen) {
      expect(r.status).toBe(200);
      expect(r.raw).not.toContain(seed);
    }
    expect(seen[0].body.lotCommitment).toBe(commitment);

    // The committee cannot bring its own seed: 400, and nothing changes.
    for (const body of [
      { method: 'lot', seed: 'ប្រជុំ 2014 ទីក្រុងភ្នំពេញ' },
      { method: 'lot', seed },
      { method: 'lot', seed: '' },
    ]) {
      const chosen = await t.post(`/api/v1/elections/${electionId}/tie-break`, body, {
        token: s.chair.token,
      });
      expect([chosen.status, chosen.body.code]).toEqual([400, 'LOT_SEED_NOT_ACCEPTED']);
    }
    expect((await results(electionId)).tie).toEqual(held.tie);

    const res = await t.post(
      `/api/v1/elections/${electionId}/tie-break`,
      { method: 'lot' },
      { token: s.chair.token },
    );
    expect(res.status).toBe(200);
    const settled = res.body.results;
    // Revealed: the seed whose SHA-256 was published at the opening, and the draw made with it.
    expect(settled.lotSeed).toBe(seed);
    expect(sha256(settled.lotSeed)).toBe(commitment);
    expect(settled.tieBreak).toMatchObject({ method: 'lot', seed, lotCommitment: commitment });
    const order = lotOrder(settled.lotSeed, ids.slice(10));
    expect(settled.elected).toEqual([...ids.slice(0, 10), order[0]]);
    expect(settled.substitutes.map((x: { candidateId: string }) => x.candidateId)).toEqual(order.slice(1));
    expect((await results(electionId)).lotSeed).toBe(seed);

    const twice = await t.post(
      `/api/v1/elections/${electionId}/tie-break`,
      { method: 'lot' },
      { token: s.chair.token },
    );
    expect([twice.status, twice.body.code]).toEqual([409, 'TIE_ALREADY_BROKEN']);
    expect((await results(electionId)).elected).toEqual(settled.elected);
  });

  it('#14.4 an election opened before seeds were committed: the server draws the seed at the tie-break, once', async () => {
    await newTerm(10);
    const { electionId, ids } = await tiedElection('lot');
    await results(electionId);
    // As an election opened before this change: no commitment, no stored seed.
    await t.dataSource.query(`DELETE FROM election_lot_seeds WHERE election_id = $1`, [electionId]);
    await t.dataSource.query(`UPDATE elections SET lot_commitment = NULL WHERE id = $1`, [electionId]);
    const chosen = await t.post(
      `/api/v1/elections/${electionId}/tie-break`,
      { method: 'lot', seed: 'abc' },
      { token: s.chair.token },
    );
    expect(chosen.body.code).toBe('LOT_SEED_NOT_ACCEPTED');
    const res = await t.post(
      `/api/v1/elections/${electionId}/tie-break`,
      { method: 'lot' },
      { token: s.chair.token },
    );
    expect(res.status).toBe(200);
    const settled = res.body.results;
    expect(settled.lotCommitment).toBeNull();
    expect(settled.lotSeed).toMatch(/^[0-9a-f]{64}$/);
    expect(settled.tieBreak).toMatchObject({ method: 'lot', seed: settled.lotSeed, lotCommitment: null });
    expect(settled.elected[10]).toBe(lotOrder(settled.lotSeed, ids.slice(10))[0]);
    const twice = await t.post(
      `/api/v1/elections/${electionId}/tie-break`,
      { method: 'lot' },
      { token: s.chair.token },
    );
    expect(twice.body.code).toBe('TIE_ALREADY_BROKEN');
  });

  it('#14.4 the migration commits a seed for elections open for voting, and leaves others alone', async () => {
    await newTerm(12);
    const open = await createElection(t, s, s.active.slice(0, 2), { tieBreak: 'lot' });
    const draft = await createElection(t, s, s.active.slice(0, 2), { tieBreak: 'lot' });
    await t.post(`/api/v1/elections/${open.electionId}/open-voting`, undefined, { token: s.chair.token });
    // As it was before this change: open for voting, no seed, no commitment.
    await t.dataSource.query(`DELETE FROM election_lot_seeds WHERE election_id = $1`, [open.electionId]);
    await t.dataSource.query(`UPDATE elections SET lot_commitment = NULL WHERE id = $1`, [open.electionId]);
    const runner = t.dataSource.createQueryRunner();
    try {
      await commitLotSeedsOfOpenElections(runner);
      await commitLotSeedsOfOpenElections(runner); // a second run changes nothing
    } finally {
      await runner.release();
    }
    const seed = await storedSeed(open.electionId);
    const view = await t.get(`/api/v1/elections/${open.electionId}`, { token: s.active[0].token });
    expect(view.body.lotCommitment).toBe(sha256(seed));
    expect(view.raw).not.toContain(seed);
    expect(
      (await t.get(`/api/v1/elections/${draft.electionId}`, { token: s.active[0].token })).body.lotCommitment,
    ).toBeNull();
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM election_lot_seeds WHERE election_id = ANY($1::uuid[])`,
      [[open.electionId, draft.electionId]],
    );
    expect(n).toBe(1);
    await t.post(`/api/v1/elections/${open.electionId}/cancel`, undefined, { token: s.chair.token });
  });

  it('#14 substitutes tied on votes are marked and ordered by the lot, reproducibly from the revealed seed', async () => {
    await newTerm(11);
    // Candidates 0-10 clearly elected (30..21, 20 votes); 11 and 12 tied at 5 as runners-up.
    const { electionId, ids, opened } = await tiedElection('lot', (i, all) => {
      const choices = all.slice(0, 10).filter((_, k) => i < 30 - k);
      if (i < 20) choices.push(all[10]);
      else if (i < 25) choices.push(all[11]);
      else choices.push(all[12]);
      return choices;
    });
    const final = await results(electionId);
    expect(final.final).toBe(true);
    expect(final.tie).toBeNull();
    expect(final.elected).toEqual(ids.slice(0, 11));
    // No tie across the seat, so the tally itself draws (nobody chooses when): the seed is revealed.
    expect(sha256(final.lotSeed)).toBe(opened.lotCommitment);
    const order = lotOrder(final.lotSeed, [ids[11], ids[12]]);
    expect(final.substitutes.map((x: any) => [x.candidateId, x.rank, x.tied])).toEqual([
      [order[0], 1, true],
      [order[1], 2, true],
    ]);
    expect(final.substituteLot.groups).toEqual([
      {
        votes: 5,
        draw: order.map((candidateId) => ({ candidateId, hash: sha256(`${final.lotSeed}:${candidateId}`) })),
      },
    ]);
    const noTie = await t.post(
      `/api/v1/elections/${electionId}/tie-break`,
      { method: 'lot' },
      { token: s.chair.token },
    );
    expect(noTie.body.code).toBe('NO_TIE');
    const board = await t.post(`/api/v1/elections/${electionId}/certify`, undefined, {
      token: s.chair.token,
    });
    expect(board.status).toBe(200);
    expect(board.body.substitutes.map((m: any) => [m.userId, m.substituteRank])).toEqual([
      [s.active[ids.indexOf(order[0])].id, 1],
      [s.active[ids.indexOf(order[1])].id, 2],
    ]);
  });

  it('settles a tie by a runoff among the tied candidates', async () => {
    await newTerm(9);
    const { electionId, ids } = await tiedElection('runoff');
    await results(electionId);
    const res = await t.post(
      `/api/v1/elections/${electionId}/tie-break`,
      { method: 'runoff', votingOpensAt: inSeconds(3600), votingClosesAt: inSeconds(7200) },
      { token: s.chair.token },
    );
    expect(res.status).toBe(200);
    const runoff = res.body.runoffElection;
    expect(runoff).toMatchObject({ parentElectionId: electionId, seats: 1, maxChoices: 1, status: 'draft' });
    expect(runoff.candidates.map((c: { userId: string }) => c.userId).sort()).toEqual(
      [s.active[10].id, s.active[11].id, s.active[12].id].sort(),
    );
    const pending = await t.post(
      `/api/v1/elections/${electionId}/tie-break`,
      { method: 'runoff', votingOpensAt: inSeconds(60), votingClosesAt: inSeconds(120) },
      { token: s.chair.token },
    );
    expect(pending.body.code).toBe('RUNOFF_PENDING');
    expect(
      (await t.get(`/api/v1/elections/${electionId}`, { token: s.active[0].token })).body.runoffElectionId,
    ).toBe(runoff.id);

    await t.post(`/api/v1/elections/${runoff.id}/open-voting`, undefined, { token: s.chair.token });
    const favourite = runoff.candidates.find((c: { userId: string }) => c.userId === s.active[12].id).id;
    const second = runoff.candidates.find((c: { userId: string }) => c.userId === s.active[11].id).id;
    await Promise.all(
      s.active
        .slice(0, 9)
        .map((v, i) =>
          t.post(
            `/api/v1/elections/${runoff.id}/ballots`,
            { candidateIds: [i < 6 ? favourite : second] },
            { token: v.token },
          ),
        ),
    );
    await t.post(`/api/v1/elections/${runoff.id}/close-voting`, undefined, { token: s.chair.token });
    const settled = await waitFor('the parent settled by the runoff', async () => {
      const r = await results(electionId);
      return r.final ? r : null;
    });
    expect(settled.elected).toEqual([...ids.slice(0, 10), ids[12]]);
    expect(settled.substitutes.slice(0, 2).map((x: { candidateId: string }) => x.candidateId)).toEqual([
      ids[11],
      ids[10],
    ]);
    expect(settled.tieBreak).toMatchObject({
      method: 'runoff',
      runoffElectionId: runoff.id,
      winners: [ids[12]],
    });
    expect(
      (await t.post(`/api/v1/elections/${runoff.id}/certify`, undefined, { token: s.chair.token })).body.code,
    ).toBe('RUNOFF_NOT_CERTIFIABLE');
    const board = await t.post(`/api/v1/elections/${electionId}/certify`, undefined, {
      token: s.chair.token,
    });
    expect(board.status).toBe(200);
    expect(board.body.members).toHaveLength(11);
  });
});
