import { randomBytes } from 'node:crypto';
import { secureShuffle } from '../../src/common/random/secure-shuffle.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import { ElectionsService } from '../../src/elections/elections.service.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { createElection, setUpAssociation, type AssociationSetup, type Person } from './election-fixtures.js';
import { waitFor } from '../support/wait.js';

/**
 * Issue 14, item 1: a reader of the database (any column, system columns included, row order,
 * timestamps, sequences, a dump) links no voter to a ballot better than chance.
 *
 * 50 members vote one after the other, in a known order, each with a ballot no one else casts.
 * Then every linking method a database reader has is tried, and each may recover no more voters
 * than a random guess would: with 50 distinct ballots a random pairing recovers one voter on
 * average (Poisson(1)); 8 or more happens about once in 100,000 tries per method.
 */
const VOTERS = 50;
const CANDIDATES = 8;
const MAX_RECOVERED = 7;

/** All subsets of 0..n-1 with at most k members, as sorted index lists. */
function subsets(n: number, k: number): number[][] {
  const out: number[][] = [[]];
  for (let i = 0; i < n; i++) {
    for (const s of [...out]) if (s.length < k) out.push([...s, i]);
  }
  return out;
}

/** A random key per element to break ties with, so a tie says nothing. */
const tieBreaker = () => randomBytes(8).toString('hex');

/** Pairs the k-th voter by one signal with the k-th ballot by another; ties are broken at random. */
function pairByRank<V, B>(
  voters: V[],
  ballots: B[],
  voterKey: (v: V) => bigint | string,
  ballotKey: (b: B) => bigint | string,
): [V, B][] {
  const order = <T>(xs: T[], key: (x: T) => bigint | string) =>
    xs
      .map((x) => ({ x, k: key(x), r: tieBreaker() }))
      .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.r < b.r ? -1 : 1))
      .map((e) => e.x);
  const vs = order(voters, voterKey);
  const bs = order(ballots, ballotKey);
  return vs.slice(0, bs.length).map((v, i) => [v, bs[i]]);
}

interface VoterRow {
  user_id: string;
  xmin: string;
  ctid: string;
  /** Every other column of the row, as text. */
  [column: string]: string;
}

type BallotRow = Record<string, string>;

/** A ctid `(page,item)` as a sortable key. */
const ctidKey = (ctid: string): bigint => {
  const [page, item] = ctid.replace(/[()]/g, '').split(',').map(BigInt);
  return page * 1_000_000n + item;
};

/** A column value as a sortable key: numbers as numbers, the rest as text. */
const valueKey = (v: string | null): bigint | string =>
  v === null ? '' : /^-?\d{1,30}$/.test(v) ? BigInt(v) : v;

describe('#14.1 no voter-choice link in the database', () => {
  let t: TestApp;
  let s: AssociationSetup;
  let electionId: string;
  let candidateIds: string[];
  const choiceOf = new Map<string, string>(); // voter id -> sorted choices, joined
  const receiptOf = new Map<string, string>(); // voter id -> receipt
  let voters: Person[];

  beforeAll(async () => {
    t = await createTestApp();
    s = await setUpAssociation(t, { active: VOTERS + CANDIDATES, retired: 0, seats: 11 });
    ({ electionId, candidateIds } = await createElection(t, s, s.active.slice(0, CANDIDATES)));
    const opened = await t.post(`/api/v1/elections/${electionId}/open-voting`, undefined, {
      token: s.chair.token,
    });
    if (opened.status !== 200) throw new Error(`open: ${opened.status} ${opened.raw}`);
    // 50 distinct ballots (at most 4 of 8 candidates: 163 to choose from), in a known order.
    const ballots = secureShuffle(subsets(CANDIDATES, 4));
    voters = s.active.slice(CANDIDATES, CANDIDATES + VOTERS);
    for (const [i, voter] of voters.entries()) {
      const choices = ballots[i].map((c) => candidateIds[c]);
      const res = await t.post(
        `/api/v1/elections/${electionId}/ballots`,
        { candidateIds: choices },
        { token: voter.token },
      );
      if (res.status !== 201) throw new Error(`vote: ${res.status} ${res.raw}`);
      choiceOf.set(voter.id, [...choices].sort().join(','));
      receiptOf.set(voter.id, res.body.receipt as string);
    }
  }, 180_000);
  afterAll(async () => {
    await t.close();
  });

  /** What a database reader sees of the voters: roll marks and vote audit entries, every column. */
  async function voterSides(): Promise<Record<string, VoterRow[]>> {
    const roll = await t.dataSource.query<VoterRow[]>(
      `SELECT user_id::text, xmin::text AS xmin, ctid::text AS ctid
         FROM election_voter_roll WHERE election_id = $1 AND voted`,
      [electionId],
    );
    const audit = await t.dataSource.query<VoterRow[]>(
      `SELECT actor_id::text AS user_id, xmin::text AS xmin, ctid::text AS ctid, id::text AS id,
              to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS created_at
         FROM audit_log WHERE action = 'election.vote_cast' AND entity_id = $1`,
      [electionId],
    );
    expect(roll).toHaveLength(VOTERS);
    expect(audit).toHaveLength(VOTERS);
    return { roll, audit };
  }

  /**
   * Every row of every table that holds choices, as a dump would read it (physical order, no
   * WHERE, every column as text, xmin and ctid too), with the row's place in that order.
   */
  async function ballotRows(): Promise<BallotRow[]> {
    const tables = await t.dataSource.query<{ table_name: string }[]>(
      `SELECT DISTINCT table_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'choices'`,
    );
    const rows: BallotRow[] = [];
    for (const { table_name } of tables) {
      const read = await t.dataSource.query<BallotRow[]>(
        `SELECT xmin::text AS "sys:xmin", ctid::text AS "sys:ctid", to_jsonb(b) AS j
           FROM ${table_name} b`,
      );
      read.forEach((r, place) => {
        const j = r.j as unknown as Record<string, unknown>;
        if (j.election_id !== electionId) return;
        const row: BallotRow = {
          'sys:xmin': r['sys:xmin'],
          'sys:ctid': r['sys:ctid'],
          'sys:place': String(place),
          'sys:table': table_name,
        };
        for (const [k, v] of Object.entries(j)) {
          if (Array.isArray(v)) row[k] = [...(v as string[])].sort().join(',');
          else row[k] = typeof v === 'string' ? v : JSON.stringify(v ?? '');
        }
        rows.push(row);
      });
    }
    return rows;
  }

  /** How many voters each method pairs with their own ballot. */
  function recoveredBy(
    sides: Record<string, VoterRow[]>,
    ballots: BallotRow[],
  ): { method: string; recovered: number }[] {
    const results: { method: string; recovered: number }[] = [];
    const score = (pairs: [VoterRow, BallotRow][]) =>
      pairs.filter(([v, b]) => choiceOf.get(v.user_id) === b.choices).length;
    const ballotColumns = Object.keys(ballots[0] ?? {}).filter((c) => !['choices', 'sys:table'].includes(c));
    for (const [side, rows] of Object.entries(sides)) {
      // Same transaction: a ballot row written with the voter's roll mark or audit entry.
      let sameTx = 0;
      for (const v of rows) {
        const together = ballots.filter((b) => b['sys:xmin'] === v.xmin);
        if (together.length > 0) {
          sameTx += together.filter((b) => b.choices === choiceOf.get(v.user_id)).length / together.length;
        }
      }
      results.push({ method: `${side}.xmin = ballot.xmin`, recovered: sameTx });
      // Order: the k-th voter by any of their rows' columns against the k-th ballot by any column.
      const voterColumns = Object.keys(rows[0]).filter((c) => c !== 'user_id');
      for (const vc of voterColumns) {
        for (const bc of ballotColumns) {
          const vKey = (v: VoterRow) => (vc === 'ctid' ? ctidKey(v.ctid) : valueKey(v[vc]));
          const bKey = (b: BallotRow) => (bc === 'sys:ctid' ? ctidKey(b[bc]) : valueKey(b[bc]));
          results.push({
            method: `${side}.${vc} ~ ballot.${bc}`,
            recovered: score(pairByRank(rows, ballots, vKey, bKey)),
          });
          const reversed = (b: BallotRow) => {
            const k = bKey(b);
            return typeof k === 'bigint' ? -k : k.split('').reverse().join('');
          };
          results.push({
            method: `${side}.${vc} ~ ballot.${bc} (reversed)`,
            recovered: score(pairByRank(rows, ballots, vKey, reversed)),
          });
        }
      }
    }
    return results;
  }

  it('#14.1 holds no readable ballot before closing: nothing in the box, the sealed ones unreadable', async () => {
    // While voting is open the only rows a vote writes beside the voter's are sealed.
    const readable = await ballotRows();
    expect(readable).toEqual([]);
    const sealed = await t.dataSource.query<{ sealed: string }[]>(
      `SELECT encode(sealed, 'hex') AS sealed FROM election_sealed_ballots WHERE election_id = $1`,
      [electionId],
    );
    expect(sealed).toHaveLength(VOTERS);
    // All the same length (the number of choices does not show) and no candidate id in them.
    expect(new Set(sealed.map((r) => r.sealed.length)).size).toBe(1);
    for (const { sealed: hex } of sealed) {
      for (const c of candidateIds) {
        expect(hex).not.toContain(c.replace(/-/g, ''));
        expect(hex).not.toContain(Buffer.from(c).toString('hex'));
      }
      for (const r of receiptOf.values()) expect(hex).not.toContain(Buffer.from(r).toString('hex'));
    }
  });

  it('#14.1 links no voter to a ballot better than chance after closing and the tally', async () => {
    const closed = await t.post(`/api/v1/elections/${electionId}/close-voting`, undefined, {
      token: s.chair.token,
    });
    expect(closed.status).toBe(200);
    const results = await waitFor(
      'the tally',
      async () => {
        const r = await t.get(`/api/v1/elections/${electionId}/results`, { token: voters[0].token });
        return r.status === 200 ? (r.body as { ballotsCast: number }) : undefined;
      },
      { timeoutMs: 60_000 },
    ); // every ballot of the load to tally on a loaded machine
    // No ballot lost: every accepted ballot is counted, and each receipt is in the box with its choices.
    expect(results.ballotsCast).toBe(VOTERS);
    const ballots = await ballotRows();
    expect(ballots).toHaveLength(VOTERS);
    const byReceipt = new Map(ballots.map((b) => [b.receipt, b.choices]));
    for (const v of voters) expect(byReceipt.get(receiptOf.get(v.id)!)).toBe(choiceOf.get(v.id));
    const published = await t.get(`/api/v1/elections/${electionId}/receipts`, { token: voters[0].token });
    expect([...(published.body.receipts as string[])].sort()).toEqual([...receiptOf.values()].sort());

    const sides = await voterSides();
    const tried = recoveredBy(sides, ballots);
    // Sanity: the methods are there (both sides, every ballot column, xmin and ctid).
    expect(tried.length).toBeGreaterThan(40);
    const linked = tried.filter((m) => m.recovered > MAX_RECOVERED);
    expect(linked).toEqual([]);

    // No sequence and no time in a ballot.
    const columns = await t.dataSource.query<{ column_name: string; data_type: string; d: string | null }[]>(
      `SELECT column_name, data_type, column_default AS d FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'election_ballots'`,
    );
    for (const c of columns) {
      expect(c.d ?? '').not.toMatch(/nextval/);
      expect(c.data_type).not.toMatch(/time|date|serial|interval/);
    }

    // The same after VACUUM (which may move rows) and a dump-like read in physical order.
    await t.dataSource.query(`VACUUM election_ballots`);
    await t.dataSource.query(`VACUUM election_voter_roll`);
    const again = recoveredBy(await voterSides(), await ballotRows());
    expect(again.filter((m) => m.recovered > MAX_RECOVERED)).toEqual([]);

    // The sealed ballots are gone once mixed.
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM election_sealed_ballots WHERE election_id = $1`,
      [electionId],
    );
    expect(n).toBe(0);
  }, 120_000);
});

describe('#14.1 the mix loses no ballot', () => {
  let t: TestApp;
  let s: AssociationSetup;

  beforeAll(async () => {
    // No workers: the test runs the tally job's work itself, and breaks it.
    t = await createTestApp({ APP_ROLE: 'api' });
    s = await setUpAssociation(t, { active: 80, retired: 0, seats: 3 });
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('#14.1 a mix that dies half way leaves every sealed ballot for the next attempt, which counts them all', async () => {
    const { electionId, candidateIds } = await createElection(t, s, s.active.slice(0, 4), { seats: 3 });
    const url = `/api/v1/elections/${electionId}`;
    expect((await t.post(`${url}/open-voting`, undefined, { token: s.chair.token })).status).toBe(200);
    const voters = s.active.slice(2, 12);
    for (const [i, v] of voters.entries()) {
      const res = await t.post(`${url}/ballots`, { candidateIds: [candidateIds[i % 4]] }, { token: v.token });
      expect(res.status).toBe(201);
    }
    expect((await t.post(`${url}/close-voting`, undefined, { token: s.chair.token })).status).toBe(200);
    const elections = t.service<ElectionsService>(ElectionsService);
    const tx = t.service<TransactionService>(TransactionService);
    const counts = async () =>
      (
        await t.dataSource.query<{ sealed: number; box: number }[]>(
          `SELECT (SELECT count(*)::int FROM election_sealed_ballots WHERE election_id = $1) AS sealed,
                  (SELECT count(*)::int FROM election_ballots WHERE election_id = $1) AS box`,
          [electionId],
        )
      )[0];
    // Nothing is published before the mix.
    const early = await t.get(`${url}/receipts`, { token: voters[0].token });
    expect([early.status, early.body.code]).toEqual([409, 'RESULTS_PENDING']);
    // The process dies after the mix and the count, before the commit.
    await expect(
      tx.run(async (em) => {
        await elections.tally(em, electionId);
        expect(
          (
            await em.query<{ n: number }[]>(
              `SELECT count(*)::int AS n FROM election_ballots WHERE election_id = $1`,
              [electionId],
            )
          )[0].n,
        ).toBe(10);
        throw new Error('the process died');
      }),
    ).rejects.toThrow('the process died');
    expect(await counts()).toEqual({ sealed: 10, box: 0 });
    // A sealed ballot that does not open (say BALLOT_SECRET changed) stops the mix: nothing is dropped.
    await t.dataSource.query(
      `INSERT INTO election_sealed_ballots (election_id, sealed) VALUES ($1, decode(repeat('00', 100), 'hex'))`,
      [electionId],
    );
    await expect(tx.run((em) => elections.tally(em, electionId))).rejects.toThrow();
    expect(await counts()).toEqual({ sealed: 11, box: 0 });
    await t.dataSource.query(
      `DELETE FROM election_sealed_ballots WHERE election_id = $1 AND get_byte(sealed, 0) = 0`,
      [electionId],
    );
    // The next attempt mixes and counts every ballot; another does nothing.
    await tx.run((em) => elections.tally(em, electionId));
    await tx.run((em) => elections.tally(em, electionId));
    expect(await counts()).toEqual({ sealed: 0, box: 10 });
    const results = await t.get(`${url}/results`, { token: voters[0].token });
    expect(results.body.ballotsCast).toBe(10);
    const published = await t.get(`${url}/ballots`, { token: voters[0].token });
    expect(published.body.count).toBe(10);
  }, 60_000);

  it('#14.1 a close in the middle of voting: every ballot accepted is mixed and counted, none after', async () => {
    const { electionId, candidateIds } = await createElection(t, s, s.active.slice(0, 4), { seats: 3 });
    const url = `/api/v1/elections/${electionId}`;
    expect((await t.post(`${url}/open-voting`, undefined, { token: s.chair.token })).status).toBe(200);
    const voters = s.active.slice(4, 80);
    const votes = voters.map((v, i) =>
      t.post(`${url}/ballots`, { candidateIds: [candidateIds[i % 4]] }, { token: v.token }),
    );
    await new Promise((r) => setTimeout(r, 30));
    const closed = await t.post(`${url}/close-voting`, undefined, { token: s.chair.token });
    expect(closed.status).toBe(200);
    const answers = await Promise.all(votes);
    const accepted = answers.filter((a) => a.status === 201).map((a) => a.body.receipt as string);
    const refused = answers.filter((a) => a.status !== 201);
    expect(new Set(refused.map((r) => `${r.status} ${r.body.code}`))).toEqual(
      new Set(refused.length ? ['409 ELECTION_NOT_OPEN'] : []),
    );
    await t
      .service<TransactionService>(TransactionService)
      .run((em) => t.service<ElectionsService>(ElectionsService).tally(em, electionId));
    const [{ voted, sealed }] = await t.dataSource.query<{ voted: number; sealed: number }[]>(
      `SELECT (SELECT count(*)::int FROM election_voter_roll WHERE election_id = $1 AND voted) AS voted,
              (SELECT count(*)::int FROM election_sealed_ballots WHERE election_id = $1) AS sealed`,
      [electionId],
    );
    const receipts = await t.get(`${url}/receipts`, { token: voters[0].token });
    expect([...(receipts.body.receipts as string[])].sort()).toEqual([...accepted].sort());
    expect([voted, sealed]).toEqual([accepted.length, 0]);
    const results = await t.get(`${url}/results`, { token: voters[0].token });
    expect(results.body.ballotsCast).toBe(accepted.length);
  }, 60_000);
});
