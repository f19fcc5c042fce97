import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { groupVotes } from './audit-actions';

let next = 0;
const entry = (action: string, stream: string) =>
  ({ id: String(++next), action, stream, data: {} }) as unknown as Schemas['AuditEntryDto'];
const vote = (election: string) => entry('election.vote_cast', `election:${election}:voter:${++next}`);

describe('the audit list groups ballots cast', () => {
  it('makes one line of each run of one election, and leaves every other entry alone', () => {
    const [a1, a2, a3] = [vote('a'), vote('a'), vote('a')];
    const b1 = vote('b');
    const opened = entry('election.voting_opened', 'election:a');
    const a4 = vote('a');
    const login = entry('auth.login_failed', 'user:x');
    expect(groupVotes([a1, a2, a3, b1, opened, a4, login])).toEqual([
      { votes: [a1, a2, a3] },
      { votes: [b1] },
      opened,
      { votes: [a4] },
      login,
    ]);
    expect(groupVotes([])).toEqual([]);
  });
});
