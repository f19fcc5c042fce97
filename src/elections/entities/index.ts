import { Ballot } from './ballot.entity.js';
import { Candidate } from './candidate.entity.js';
import { Election } from './election.entity.js';
import { ElectionLotSeed } from './lot-seed.entity.js';
import { SealedBallot } from './sealed-ballot.entity.js';
import { VoterRollEntry } from './voter-roll-entry.entity.js';

/** The elections module's entities (globs do not load under ESM tests): add new ones here. */
export const electionEntities = [Election, ElectionLotSeed, Candidate, VoterRollEntry, Ballot, SealedBallot];
