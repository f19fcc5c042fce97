import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { inMinutes, setUpAssociation, type AssociationSetup } from './election-fixtures.js';

/**
 * "My elections" (GET /elections): a member finds the elections of their associations without
 * knowing an id, with whether they may vote and whether they have voted; others see none of them.
 */
describe('my elections', () => {
  let t: TestApp;
  let a: AssociationSetup;
  let other: AssociationSetup;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    a = await setUpAssociation(t, { active: 3, retired: 1, seats: 1 });
    other = await setUpAssociation(t, { active: 1, retired: 0, seats: 1 });
    const make = async (s: AssociationSetup, title: string, eligibleStatuses = ['active']) => {
      const r = await t.post(
        `/api/v1/associations/${s.associationId}/elections`,
        {
          termId: s.termId,
          title,
          seats: 1,
          eligibleStatuses,
          votingOpensAt: inMinutes(60),
          votingClosesAt: inMinutes(120),
          tieBreak: 'lot',
        },
        { token: s.chair.token },
      );
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    ids.draft = await make(a, 'Draft election');
    ids.voting = await make(a, 'Voting election', ['active', 'retired']);
    ids.elsewhere = await make(other, 'Another association');
    const c = await t.post(
      `/api/v1/elections/${ids.voting}/candidates`,
      { userId: a.active[0].id },
      { token: a.chair.token },
    );
    expect(c.status).toBe(201);
    expect(
      (await t.post(`/api/v1/elections/${ids.voting}/open-voting`, {}, { token: a.chair.token })).status,
    ).toBe(200);
    const vote = await t.post(
      `/api/v1/elections/${ids.voting}/ballots`,
      { candidateIds: [c.body.id] },
      { token: a.active[1].token },
    );
    expect(vote.status).toBe(201);
  });
  afterAll(async () => {
    await t.close();
  });

  type Mine = {
    id: string;
    status: string;
    eligible: boolean;
    voted: boolean;
    mayVoteNow: boolean;
    mayRun: boolean;
  };
  const mine = async (token: string, query?: Record<string, string>) => {
    const r = await t.get('/api/v1/elections', { token, query });
    expect(r.status).toBe(200);
    return r.body as { items: Mine[]; nextCursor: string | null };
  };

  it('lists my associations’ elections, open voting first, with where I stand', async () => {
    const voter = await mine(a.active[1].token);
    expect(voter.items.map((e) => e.id)).toEqual([ids.voting, ids.draft]);
    expect(voter.items[0]).toMatchObject({
      status: 'voting',
      eligible: true,
      voted: true,
      mayVoteNow: false,
      mayRun: false,
      associationName: "Workers' Association",
    });
    const notYet = await mine(a.active[2].token);
    expect(notYet.items[0]).toMatchObject({ id: ids.voting, eligible: true, voted: false, mayVoteNow: true });
    // The draft is for active members only: a retired member is not eligible there.
    const retired = await mine(a.retired[0].token);
    expect(retired.items.find((e) => e.id === ids.voting)).toMatchObject({
      eligible: true,
      mayVoteNow: true,
    });
    expect(retired.items.find((e) => e.id === ids.draft)).toMatchObject({
      eligible: false,
      mayVoteNow: false,
    });
    const chair = await mine(a.chair.token);
    expect(chair.items.every((e) => e.mayRun)).toBe(true);
  });

  it('carries when voting actually opened and closed beside the planned window', async () => {
    // Voting was opened by hand an hour before the planned time: the list says when it really opened.
    type Times = {
      id: string;
      votingOpensAt: string;
      votingOpenedAt: string | null;
      votingClosedAt: string | null;
    };
    const items = (await mine(a.active[0].token)).items as unknown as Times[];
    const voting = items.find((e) => e.id === ids.voting)!;
    expect(voting.votingOpenedAt).toEqual(expect.any(String));
    expect(Date.parse(voting.votingOpenedAt!)).toBeLessThan(Date.parse(voting.votingOpensAt) - 30 * 60_000);
    expect(voting.votingClosedAt).toBeNull();
    expect(items.find((e) => e.id === ids.draft)).toMatchObject({
      votingOpenedAt: null,
      votingClosedAt: null,
    });
  });

  it('shows nothing of other associations to members or outsiders', async () => {
    expect((await mine(a.outsider.token)).items).toEqual([]);
    expect((await mine(a.active[0].token)).items.map((e) => e.id)).not.toContain(ids.elsewhere);
    expect((await mine(other.active[0].token)).items.map((e) => e.id)).toEqual([ids.elsewhere]);
    expect((await t.get('/api/v1/elections')).status).toBe(401);
  });

  it('filters by status and pages with a cursor; bad input is a 400', async () => {
    const voting = await mine(a.active[0].token, { status: 'voting' });
    expect(voting.items.map((e) => e.id)).toEqual([ids.voting]);
    const first = await mine(a.active[0].token, { limit: '1' });
    expect(first.items.map((e) => e.id)).toEqual([ids.voting]);
    expect(first.nextCursor).toBeTruthy();
    const second = await mine(a.active[0].token, { limit: '1', cursor: first.nextCursor! });
    expect(second.items.map((e) => e.id)).toEqual([ids.draft]);
    expect(second.nextCursor).toBeNull();
    const bad = await t.get('/api/v1/elections', { token: a.active[0].token, query: { status: 'open' } });
    expect(bad.status).toBe(400);
    const badCursor = await t.get('/api/v1/elections', { token: a.active[0].token, query: { cursor: 'x' } });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.code).toBe('INVALID_CURSOR');
  });

  it('lists every election for an admin', async () => {
    const all = await mine(a.admin, { limit: '200' });
    expect(all.items.map((e) => e.id)).toEqual(
      expect.arrayContaining([ids.voting, ids.draft, ids.elsewhere]),
    );
  });
});
