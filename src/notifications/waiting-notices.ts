import { Injectable } from '@nestjs/common';

/**
 * Which of a reader's notices still wait on them: given the reader and the links of their notices
 * of the kinds it was registered for, the links whose subject still asks something of them.
 */
export type WaitingCheck = (userId: string, links: string[]) => Promise<Set<string>>;

/** A notice as this registry needs it. */
export interface NoticeRef {
  kind: string;
  link: string | null;
}

/**
 * Notices that ask their reader to act ("a document awaits your approval") and that the act makes
 * stale. The module that owns the subject registers, at start-up, how to tell whether it still
 * waits on the reader (approvals: a pending task of theirs on the document); the notification list
 * then marks the others done. Notices of a kind nobody registered never wait.
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
    const byCheck = new Map<WaitingCheck, Set<string>>();
    for (const n of notices) {
      const check = this.checks.get(n.kind);
      if (!check || !n.link) continue;
      const links = byCheck.get(check) ?? new Set<string>();
      links.add(n.link);
      byCheck.set(check, links);
    }
    const waiting = new Map<WaitingCheck, Set<string>>();
    for (const [check, links] of byCheck) waiting.set(check, await check(userId, [...links]));
    return notices.map((n) => {
      const check = this.checks.get(n.kind);
      return !!check && !!n.link && !waiting.get(check)?.has(n.link);
    });
  }
}
