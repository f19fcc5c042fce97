import { DomainError } from '../common/errors/domain-error.js';
import {
  applyTransition,
  canTransition,
  ELECTION_STATUSES,
  ELECTION_TRANSITIONS,
  type ElectionAction,
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

  it('cancels anything before certified, nothing after', () => {
    for (const s of ['draft', 'nominations', 'voting', 'closed'] as const)
      expect(applyTransition(s, 'cancel')).toBe('cancelled');
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
});
