import { expectTransitionTable } from '../../test/support/transition-table.js';
import { DomainError } from '../common/errors/domain-error.js';
import {
  applyTransition,
  canTransition,
  ELECTION_STATUSES,
  ELECTION_TRANSITIONS,
  type ElectionAction,
  type ElectionStatus,
} from './election-state.js';

describe('election state machine', () => {
  it('follows the lifecycle draft > nominations > voting > closed > certified', () => {
    let s = applyTransition('draft', 'open_nominations');
    expect(s).toBe('nominations');
    s = applyTransition(s, 'open_voting');
    expect(s).toBe('voting');
    s = applyTransition(s, 'close_voting');
    expect(s).toBe('closed');
    expect(applyTransition(s, 'certify')).toBe('certified');
  });

  it('lets voting open straight from draft', () => {
    expect(applyTransition('draft', 'open_voting')).toBe('voting');
  });

  it('cancels anything before closing, nothing after', () => {
    for (const s of ['draft', 'nominations', 'voting'] as const)
      expect(applyTransition(s, 'cancel')).toBe('cancelled');
    expect(canTransition('closed', 'cancel')).toBe(false);
    expect(canTransition('certified', 'cancel')).toBe(false);
    expect(canTransition('cancelled', 'cancel')).toBe(false);
  });

  it('refuses every transition not in the table with a coded 409', () => {
    const actions = Object.keys(ELECTION_TRANSITIONS) as ElectionAction[];
    let refused = 0;
    for (const status of ELECTION_STATUSES) {
      for (const action of actions) {
        if (ELECTION_TRANSITIONS[action].from.includes(status)) continue;
        refused++;
        try {
          applyTransition(status, action);
          throw new Error(`${status} --${action}--> allowed`);
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
          expect((e as DomainError).status).toBe(409);
          expect((e as DomainError).code).toBe(ELECTION_TRANSITIONS[action].refusal.code);
        }
      }
    }
    expect(refused).toBeGreaterThan(15);
  });

  it('answers ELECTION_NOT_OPEN when closing an election that is not voting', () => {
    expect(() => applyTransition('closed', 'close_voting')).toThrow(
      expect.objectContaining({ code: 'ELECTION_NOT_OPEN' }),
    );
  });

  /**
   * The whole table, written out by hand (not derived from ELECTION_TRANSITIONS): every status and
   * every action, the state it leads to, or the code it is refused with.
   */
  const EXPECTED: Record<ElectionStatus, Record<ElectionAction, string>> = {
    draft: {
      open_nominations: 'nominations',
      open_voting: 'voting',
      close_voting: 'ELECTION_NOT_OPEN',
      certify: 'ELECTION_NOT_CLOSED',
      cancel: 'cancelled',
    },
    nominations: {
      open_nominations: 'ELECTION_NOT_DRAFT',
      open_voting: 'voting',
      close_voting: 'ELECTION_NOT_OPEN',
      certify: 'ELECTION_NOT_CLOSED',
      cancel: 'cancelled',
    },
    voting: {
      open_nominations: 'ELECTION_NOT_DRAFT',
      open_voting: 'ELECTION_NOT_OPENABLE',
      close_voting: 'closed',
      certify: 'ELECTION_NOT_CLOSED',
      cancel: 'cancelled',
    },
    closed: {
      open_nominations: 'ELECTION_NOT_DRAFT',
      open_voting: 'ELECTION_NOT_OPENABLE',
      close_voting: 'ELECTION_NOT_OPEN',
      certify: 'certified',
      cancel: 'ELECTION_FINISHED',
    },
    certified: {
      open_nominations: 'ELECTION_NOT_DRAFT',
      open_voting: 'ELECTION_NOT_OPENABLE',
      close_voting: 'ELECTION_NOT_OPEN',
      certify: 'ELECTION_NOT_CLOSED',
      cancel: 'ELECTION_FINISHED',
    },
    cancelled: {
      open_nominations: 'ELECTION_NOT_DRAFT',
      open_voting: 'ELECTION_NOT_OPENABLE',
      close_voting: 'ELECTION_NOT_OPEN',
      certify: 'ELECTION_NOT_CLOSED',
      cancel: 'ELECTION_FINISHED',
    },
  };

  it('#14.8 allows exactly the transitions of the table and refuses every other with its coded 409', () => {
    const actions: ElectionAction[] = [
      'open_nominations',
      'open_voting',
      'close_voting',
      'certify',
      'cancel',
    ];
    expect(Object.keys(ELECTION_TRANSITIONS).sort()).toEqual([...actions].sort());
    expectTransitionTable(
      {
        statuses: ELECTION_STATUSES,
        events: actions,
        can: canTransition,
        next: applyTransition,
        eventKey: 'action',
      },
      EXPECTED,
    );
  });

  it('#14.8 closed elections stay closed: no cancel once voting has closed', () => {
    for (const s of ['closed', 'certified', 'cancelled'] as const) {
      expect(canTransition(s, 'cancel')).toBe(false);
      expect(() => applyTransition(s, 'cancel')).toThrow(
        expect.objectContaining({ code: 'ELECTION_FINISHED', status: 409 }),
      );
    }
  });
});
