import { createHash } from 'node:crypto';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import {
  createElection,
  inSeconds,
  setUpAssociation,
  waitFor,
  type AssociationSetup,
} from './election-fixtures.js';

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

  /** Votes so that candidates 0-9 get 30..21 votes and 10, 11, 12 get 5 each; returns the tied ids. */
  async function tiedElection(tieBreak: 'lot' | 'runoff'): Promise<{ electionId: string; ids: string[] }> {
    const { electionId, candidateIds: ids } = await createElection(t, s, s.active.slice(0, 13), { tieBreak });
    expect(
      (await t.post(`/api/v1/elections/${electionId}/open-voting`, undefined, { token: s.chair.token }))
        .status,
    ).toBe(200);
    const voters = s.active.slice(0, 30);
    await Promise.all(
      voters.map((v, i) => {
        const choices = ids.slice(0, 10).filter((_, k) => i < 30 - k);
        if (i < 5) choices.push(ids[10]);
        else if (i < 10) choices.push(ids[11]);
        else if (i < 15) choices.push(ids[12]);
        return t
          .post(`/api/v1/elections/${electionId}/ballots`, { candidateIds: choices }, { token: v.token })
          .then((r) => {
            expect(r.status).toBe(201);
          });
      }),
    );
    await t.post(`/api/v1/elections/${electionId}/close-voting`, undefined, { token: s.chair.token });
    return { electionId, ids };
  }

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
    expect(twice.body.code).toBe('NO_TIE');
    const board = await t.post(`/api/v1/elections/${electionId}/certify`, undefined, {
      token: s.chair.token,
    });
    expect(board.status).toBe(200);
    expect(board.body.members.map((m: { userId: string }) => m.userId)).toContain(
      s.active[ids.indexOf(repeated[0].id)].id,
    );
  });

  it('gives the same draw for the same given seed', async () => {
    // A second term, so the association can hold another election.
    const term = await t.post(
      `/api/v1/associations/${s.associationId}/terms`,
      { number: 8, startsOn: '2016-01-01', endsOn: '2017-12-31', boardSeats: 11 },
      { token: s.chair.token },
    );
    s.termId = term.body.id;
    const { electionId, ids } = await tiedElection('lot');
    await results(electionId);
    const seed = 'ប្រជុំ 2014 ទីក្រុងភ្នំពេញ';
    const res = await t.post(
      `/api/v1/elections/${electionId}/tie-break`,
      { method: 'lot', seed },
      { token: s.chair.token },
    );
    const first = [...ids.slice(10)].sort((a, b) => {
      const ha = createHash('sha256').update(`${seed}:${a}`).digest('hex');
      const hb = createHash('sha256').update(`${seed}:${b}`).digest('hex');
      return ha < hb ? -1 : 1;
    })[0];
    expect(res.body.results.tieBreak.seed).toBe(seed);
    expect(res.body.results.tieBreak.winners).toEqual([first]);
  });

  it('settles a tie by a runoff among the tied candidates', async () => {
    const term = await t.post(
      `/api/v1/associations/${s.associationId}/terms`,
      { number: 9, startsOn: '2018-01-01', endsOn: '2019-12-31', boardSeats: 11 },
      { token: s.chair.token },
    );
    s.termId = term.body.id;
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
