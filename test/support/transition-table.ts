import { DomainError } from '../../src/common/errors/domain-error.js';

/** A lifecycle as its domain module exports it: its statuses and events, the check and the step. */
export interface Lifecycle<S extends string, E extends string> {
  statuses: readonly S[];
  events: readonly E[];
  can(from: S, event: E): boolean;
  next(from: S, event: E): S;
  /** The key the refusal's details name the event under (`event` unless told). */
  eventKey?: string;
}

/**
 * What `next` answers for a status and an event: the status it leads to, or the code of the coded
 * 409 it refuses with, whose details name the status and the event.
 */
export function outcomeOf<S extends string, E extends string>(
  lifecycle: Lifecycle<S, E>,
  from: S,
  event: E,
): string {
  try {
    return lifecycle.next(from, event);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).status).toBe(409);
    expect((e as DomainError).details).toEqual({ status: from, [lifecycle.eventKey ?? 'event']: event });
    return (e as DomainError).code;
  }
}

/**
 * Walks every status and event of the lifecycle against a table written out by hand (the status
 * each leads to, or the code it is refused with): the table covers them all, `can` allows exactly
 * the transitions of the table and `next` refuses every other with its coded 409.
 */
export function expectTransitionTable<S extends string, E extends string>(
  lifecycle: Lifecycle<S, E>,
  expected: Record<S, Record<E, string>>,
): void {
  expect(Object.keys(expected).sort()).toEqual([...lifecycle.statuses].sort());
  const statuses: readonly string[] = lifecycle.statuses;
  for (const from of lifecycle.statuses) {
    expect(Object.keys(expected[from]).sort()).toEqual([...lifecycle.events].sort());
    for (const event of lifecycle.events) {
      const to = expected[from][event];
      expect([from, event, lifecycle.can(from, event)]).toEqual([from, event, statuses.includes(to)]);
      expect([from, event, outcomeOf(lifecycle, from, event)]).toEqual([from, event, to]);
    }
  }
}
