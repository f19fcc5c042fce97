import { randomBytes } from 'node:crypto';
import { BallotKeysService } from '../../src/elections/ballot-keys.service.js';
import { openBallot } from '../../src/elections/ballot-seal.js';
import { adminToken, tokenFor } from '../helpers/auth.js';
import type { TestApp } from '../helpers/test-app.js';

export interface Person {
  id: string;
  username: string;
  token: string;
}

/** Inserts `n` users in one statement (no password: tests sign their tokens) and signs a token for each. */
export async function bulkUsers(t: TestApp, n: number, label = 'member'): Promise<Person[]> {
  const tag = randomBytes(3).toString('hex');
  const rows = await t.dataSource.query<{ id: string; username: string }[]>(
    `INSERT INTO users (username, password_hash, full_name, full_name_km)
     SELECT 'e_' || $1 || '_' || g, 'x', $2 || ' ' || g, 'សមាជិក ' || g FROM generate_series(1, $3) g
     RETURNING id, username`,
    [tag, `${label} ${tag}`, n],
  );
  return Promise.all(rows.map(async (u) => ({ ...u, token: await tokenFor(t, u) })));
}

export interface AssociationSetup {
  associationId: string;
  termId: string;
  chair: Person;
  active: Person[];
  retired: Person[];
  outsider: Person;
  admin: string;
}

/**
 * An association with a committee chair (role admin), `active` active and `retired` retired
 * members (inserted straight into the table: fast), and a term with `seats` board seats.
 */
export async function setUpAssociation(
  t: TestApp,
  opts: { active: number; retired: number; seats: number; termNumber?: number },
): Promise<AssociationSetup> {
  const admin = await adminToken(t);
  const [chair, outsider, ...rest] = await bulkUsers(t, 2 + opts.active + opts.retired);
  const active = rest.slice(0, opts.active);
  const retired = rest.slice(opts.active);
  const assoc = await t.post(
    '/api/v1/associations',
    { name: "Workers' Association", nameKm: 'សមាគមបុគ្គលិកក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍' },
    { token: admin },
  );
  if (assoc.status !== 201) throw new Error(`association: ${assoc.status} ${assoc.raw}`);
  const associationId = assoc.body.id as string;
  const add = await t.post(
    `/api/v1/associations/${associationId}/members`,
    { userId: chair.id, status: 'active', role: 'admin', memberNo: 'M-0000' },
    { token: admin },
  );
  if (add.status !== 201) throw new Error(`chair: ${add.status} ${add.raw}`);
  await t.dataSource.query(
    `INSERT INTO association_members (association_id, user_id, status, member_no, joined_on)
     SELECT $1, u, s, 'M-' || lpad(i::text, 4, '0'), DATE '2010-01-01'
       FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS x(u, s, i)`,
    [
      associationId,
      [...active, ...retired].map((p) => p.id),
      [...active.map(() => 'active'), ...retired.map(() => 'retired')],
    ],
  );
  const term = await t.post(
    `/api/v1/associations/${associationId}/terms`,
    { number: opts.termNumber ?? 7, startsOn: '2014-01-01', endsOn: '2015-12-31', boardSeats: opts.seats },
    { token: chair.token },
  );
  if (term.status !== 201) throw new Error(`term: ${term.status} ${term.raw}`);
  return { associationId, termId: term.body.id, chair, active, retired, outsider, admin };
}

export const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
export const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

/** Runs `tasks` with at most `width` at once. */
export async function concurrently<T>(tasks: (() => Promise<T>)[], width = 40): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

/** Creates an election and nominates `candidates` (by the chair), returning the election and candidate ids. */
export async function createElection(
  t: TestApp,
  s: AssociationSetup,
  candidates: Person[],
  body: Record<string, unknown> = {},
): Promise<{ electionId: string; candidateIds: string[] }> {
  const res = await t.post(
    `/api/v1/associations/${s.associationId}/elections`,
    {
      termId: s.termId,
      title: 'ការបោះឆ្នោតជ្រើសរើសគណៈកម្មការ អាណត្តិទី៧ (2014-2015)',
      seats: 11,
      votingOpensAt: inMinutes(60),
      votingClosesAt: inMinutes(120),
      tieBreak: 'lot',
      ...body,
    },
    { token: s.chair.token },
  );
  if (res.status !== 201) throw new Error(`election: ${res.status} ${res.raw}`);
  const electionId = res.body.id as string;
  const candidateIds: string[] = [];
  for (const c of candidates) {
    const n = await t.post(
      `/api/v1/elections/${electionId}/candidates`,
      { userId: c.id, statement: 'ខ្ញុំនឹងបម្រើសមាជិកទាំងអស់ដោយស្មោះត្រង់' },
      { token: s.chair.token },
    );
    if (n.status !== 201) throw new Error(`candidate: ${n.status} ${n.raw}`);
    candidateIds.push(n.body.id);
  }
  return { electionId, candidateIds };
}

/**
 * The election's sealed ballots (before the mix), opened with the server's key as the mix would,
 * with the transaction that wrote each (its xmin).
 */
export async function openSealedBallots(
  t: TestApp,
  electionId: string,
): Promise<{ receipt: string; choices: string[]; tx: string }[]> {
  const rows = await t.dataSource.query<{ sealed: Buffer; tx: string }[]>(
    `SELECT sealed, xmin::text AS tx FROM election_sealed_ballots WHERE election_id = $1`,
    [electionId],
  );
  const keys = t.service<BallotKeysService>(BallotKeysService).of(electionId);
  return rows.map((r) => ({ ...openBallot(keys, r.sealed), tx: r.tx }));
}

/** An independent count of ballots: votes per candidate id. */
export function countVotes(ballots: string[][]): Map<string, number> {
  const m = new Map<string, number>();
  for (const b of ballots) for (const c of b) m.set(c, (m.get(c) ?? 0) + 1);
  return m;
}
