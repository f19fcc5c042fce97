import { type Schemas, api, call } from '../../api/client';

export type Election = Schemas['ElectionDto'];
export type Association = Schemas['AssociationDto'];

/** One candidate's line of the results (the DTO types it loosely). */
export interface CandidateResult {
  candidateId: string;
  userId: string;
  fullName: string;
  fullNameKm: string | null;
  ballotOrder: number | null;
  votes: number;
  rank: number;
  outcome: 'elected' | 'tied' | 'substitute' | 'not_elected';
}

export interface Tie {
  candidateIds: string[];
  seatsLeft: number;
  votes: number;
}

/** How a tie was broken: by lot (the seed committed when voting opened, revealed) or by a runoff. */
export interface TieBreakRecord {
  method: 'lot' | 'runoff';
  seed?: string;
  /** SHA-256 of the seed, published when voting opened (null for an election opened before). */
  lotCommitment?: string | null;
  procedure?: string;
  tiedCandidateIds?: string[];
  seatsLeft?: number;
  draw?: { candidateId: string; hash: string }[];
  winners?: string[];
  drawnAt?: string;
  runoffElectionId?: string;
}

export interface Results {
  ballotsCast: number;
  blankBallots: number;
  candidates: CandidateResult[];
  elected: string[];
  eligible: number;
  final: boolean;
  quorumMet: boolean;
  quorumPercent: number | null;
  seats: number;
  substitutes: { candidateId: string; userId: string; rank: number; tied: boolean }[];
  /** The lot's order of substitutes tied on votes, each group drawn apart with the same seed. */
  substituteLot: Schemas['SubstituteLotDto'] | null;
  lotSeed: string | null;
  lotCommitment: string | null;
  tie: Tie | null;
  tieBreak: TieBreakRecord | null;
  turnoutPercent: number;
  rules: string;
  /** The published ballots and receipts as plain links signed for the reader. */
  ballotsUrl?: string;
  receiptsUrl?: string;
}

export const electionKey = (id: string) => ['election', id] as const;

export function getElection(id: string): Promise<Election> {
  return call(api.GET('/api/v1/elections/{id}', { params: { path: { id } } }));
}

export function getAssociation(id: string): Promise<Association> {
  return call(api.GET('/api/v1/associations/{id}', { params: { path: { id } } }));
}

export async function getResults(id: string): Promise<Results> {
  const r = await call(api.GET('/api/v1/elections/{id}/results', { params: { path: { id } } }));
  return r as unknown as Results;
}

/** The caller's membership of the association (status and role), if any. */
export function membershipOf(a: Association | undefined): { status: string; role: string } | null {
  const m = a?.myMembership as unknown;
  if (!m || typeof m !== 'object') return null;
  const { status, role } = m as { status?: unknown; role?: unknown };
  return typeof status === 'string' && typeof role === 'string' ? { status, role } : null;
}

/** What a new election's form can start from: another election of the term (e.g. one that missed its quorum). */
export interface ElectionTemplate {
  termId: string;
  title: string;
  titleKm: string | null;
  seats: number;
  maxChoices: number;
  eligibleStatuses: ('active' | 'retired')[];
  quorumPercent: number | null;
  tieBreak: 'lot' | 'runoff';
}

/** The router state that opens the association's page with the new election's form filled in. */
export const newElectionFrom = (template: ElectionTemplate) => ({ newElectionFrom: template });
