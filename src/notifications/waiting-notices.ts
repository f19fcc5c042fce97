import { Injectable } from '@nestjs/common';
import { isUuid } from '../common/uuid.js';

/** A reader's notice as a waiting check reads it: its kind and what caused it. */
export interface NoticeRef {
  kind: string;
  /** Unique per reader: names the event (`task:<id>:assigned:<user>`, `election:<id>:voting_opened`...). */
  eventKey: string;
}

/** The subject an event key names after its prefix (`task:<id>:…` → the id, lower case), or null. */
export function subjectOf(n: NoticeRef, prefix: 'task' | 'election'): string | null {
  const [head, id] = n.eventKey.split(':');
  return head === prefix && isUuid(id) ? id.toLowerCase() : null;
}

/**
 * How a module tells which of its notices still wait on their reader: given the reader and their
 * notices of the kinds it registered, the event keys of those whose subject still asks something of
 * them.
 */
export type WaitingCheck = (userId: string, notices: NoticeRef[]) => Promise<Set<string>>;

/**
 * Notices that ask their reader to act ("a document awaits your approval", "please cast your
 * ballot") and that the act makes stale. The module that owns the subject registers, at start-up,
 * how to tell whether each still waits on the reader; the notification list then marks the others
 * done, so that notifications reads no other module's tables. Notices of a kind nobody registered
 * never wait.
 */
@Injectable()
export class WaitingNotices {
  private readonly checks = new Map<string, WaitingCheck>();

  register(kinds: readonly string[], check: WaitingCheck): void {
    for (const kind of kinds) {
      if (this.checks.has(kind)) throw new Error(`a waiting check for ${kind} exists`);
      this.checks.set(kind, check);
    }
  }

  /** For each notice, in order: true when it asked the reader to act and no longer waits on them. */
  async done(userId: string, notices: NoticeRef[]): Promise<boolean[]> {
    const asked = new Map<WaitingCheck, NoticeRef[]>();
    for (const n of notices) {
      const check = this.checks.get(n.kind);
      if (check) asked.set(check, [...(asked.get(check) ?? []), n]);
    }
    const waiting = new Set<string>();
    for (const [check, refs] of asked) for (const key of await check(userId, refs)) waiting.add(key);
    return notices.map((n) => this.checks.has(n.kind) && !waiting.has(n.eventKey));
  }
}
