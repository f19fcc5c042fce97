import { DomainError } from '../../common/errors/domain-error.js';
import { type SubmissionFacts, overcounted, submitBlock, submitRefusal } from './submission.js';

const now = new Date('2026-12-03T09:00:00Z');
const past = new Date('2026-12-03T08:00:00Z');
const future = new Date('2026-12-04T08:00:00Z');

/** A held meeting with a quorum and saved minutes: submittable. */
const held: SubmissionFacts = {
  status: 'held',
  minutesStatus: 'draft',
  startsAt: past,
  present: 8,
  quorum: { present: 7, required: 7, met: true },
  decisions: 2,
  overcounted: null,
};
const noQuorum = { present: 2, required: 7, met: false };

const code = (f: SubmissionFacts) => {
  const block = submitBlock(f, now);
  if (!block) return null;
  const e = submitRefusal(block, f);
  expect(e).toBeInstanceOf(DomainError);
  expect(e.status).toBe(409);
  return [block, e.code];
};

describe('submitting minutes', () => {
  it('accepts the minutes of a held meeting with a quorum', () => {
    expect(submitBlock(held, now)).toBeNull();
  });

  it('refuses before the meeting has begun, even with minutes prepared (MEETING_NOT_HELD)', () => {
    expect(code({ ...held, status: 'scheduled', startsAt: future, present: 0 })).toEqual([
      'not_started',
      'MEETING_NOT_HELD',
    ]);
    expect(submitRefusal('not_started', { ...held, startsAt: future }).details).toEqual({
      reason: 'not_started',
      startsAt: future.toISOString(),
    });
    // Its start is the moment it begins.
    expect(submitBlock({ ...held, startsAt: now }, now)).toBeNull();
  });

  it('refuses when nobody is recorded present (MEETING_NOT_HELD)', () => {
    for (const status of ['scheduled', 'held'] as const) {
      expect(code({ ...held, status, present: 0, quorum: { present: 0, required: 7, met: false } })).toEqual([
        'no_one_present',
        'MEETING_NOT_HELD',
      ]);
    }
  });

  it('records an inquorate meeting, but not decisions taken without a quorum (QUORUM_NOT_MET)', () => {
    expect(submitBlock({ ...held, quorum: noQuorum, decisions: 0 }, now)).toBeNull();
    expect(code({ ...held, quorum: noQuorum, decisions: 1 })).toEqual([
      'decisions_without_quorum',
      'QUORUM_NOT_MET',
    ]);
    expect(submitRefusal('decisions_without_quorum', { ...held, quorum: noQuorum }).details).toEqual({
      present: 2,
      required: 7,
      decisions: 2,
    });
  });

  it('refuses a decision counting more votes than voting participants were present (VOTES_EXCEED_PRESENT)', () => {
    // Seven voters present: 7 votes in all is every one of them; 8 is one too many.
    expect(overcounted([{ votesFor: 4, votesAgainst: 2, abstentions: 1 }], 7)).toBeNull();
    expect(overcounted([{ votesFor: null }, { votesFor: 5, votesAgainst: 3 }], 7)).toEqual({
      decision: 2,
      votes: 8,
    });
    // Counts left empty are none: a decision recorded without counts is not refused.
    expect(overcounted([{}, { votesFor: null, votesAgainst: null, abstentions: null }], 0)).toBeNull();
    const over = { ...held, overcounted: { decision: 2, votes: 8 } };
    expect(code(over)).toEqual(['votes_exceed_present', 'VOTES_EXCEED_PRESENT']);
    expect(submitRefusal('votes_exceed_present', over).details).toEqual({
      present: 7,
      decision: 2,
      votes: 8,
    });
    // The quorum comes first: without it there are no decisions to count.
    expect(submitBlock({ ...over, quorum: noQuorum }, now)).toBe('decisions_without_quorum');
  });

  it("follows the meeting's and the minutes' tables", () => {
    expect(code({ ...held, status: 'cancelled' })).toEqual(['cancelled', 'MEETING_CANCELLED']);
    expect(code({ ...held, minutesStatus: 'none' })).toEqual(['empty', 'MINUTES_EMPTY']);
    expect(code({ ...held, minutesStatus: 'in_approval' })).toEqual(['in_approval', 'MINUTES_IN_APPROVAL']);
    expect(code({ ...held, minutesStatus: 'approved' })).toEqual(['locked', 'MINUTES_LOCKED']);
  });

  it('names the first thing to fix: the meeting before the minutes, the minutes before the quorum', () => {
    const nothingYet: SubmissionFacts = {
      status: 'scheduled',
      minutesStatus: 'none',
      startsAt: future,
      present: 0,
      quorum: { present: 0, required: 7, met: false },
      decisions: 0,
      overcounted: null,
    };
    expect(submitBlock(nothingYet, now)).toBe('not_started');
    expect(submitBlock({ ...nothingYet, startsAt: past }, now)).toBe('no_one_present');
    expect(submitBlock({ ...nothingYet, startsAt: past, present: 1, quorum: noQuorum }, now)).toBe('empty');
    expect(
      submitBlock(
        { ...nothingYet, startsAt: past, present: 1, quorum: noQuorum, minutesStatus: 'draft', decisions: 1 },
        now,
      ),
    ).toBe('decisions_without_quorum');
    // Submitted or approved minutes say why first, whatever the clock.
    expect(submitBlock({ ...nothingYet, minutesStatus: 'approved' }, now)).toBe('locked');
    expect(submitBlock({ ...nothingYet, status: 'cancelled', minutesStatus: 'draft' }, now)).toBe(
      'cancelled',
    );
  });
});
