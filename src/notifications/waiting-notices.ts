import { Injectable } from '@nestjs/common';
import { isUuid } from '../common/uuid.js';

/**
 * How a module tells which of its subjects still wait on a reader: given the reader and the ids of
 * the subjects their notices link to, the ids that still ask something of them.
 */
export type WaitingCheck = (userId: string, subjectIds: string[]) => Promise<Set<string>>;

/** Notices of these kinds link to the page `<page><subject id>` (`/documents/`, `/elections/`...). */
export interface WaitingNoticeKinds {
  kinds: readonly string[];
  page: string;
}

/** A notice as this registry needs it. */
export interface NoticeRef {
  kind: string;
  link: string | null;
}

interface Registered {
  page: string;
  check: WaitingCheck;
}

/**
 * Notices that ask their reader to act ("a document awaits your approval", "please cast your
 * ballot") and that the act makes stale. The module that owns the subject registers, at start-up,
 * how to tell whether it still waits on the reader; the notification list then marks the others
 * done, so that notifications reads no other module's tables. Notices of a kind nobody registered
 * never wait.
 */
@Injectable()
export class WaitingNotices {
  private readonly byKind = new Map<string, Registered>();

  register({ kinds, page }: WaitingNoticeKinds, check: WaitingCheck): void {
    for (const kind of kinds) {
      if (this.byKind.has(kind)) throw new Error(`a waiting check for ${kind} exists`);
      this.byKind.set(kind, { page, check });
    }
  }

  /** For each notice, in order: true when it asked the reader to act and no longer waits on them. */
  async done(userId: string, notices: NoticeRef[]): Promise<boolean[]> {
    const subjects = notices.map((n) => this.subjectOf(n));
    const asked = new Map<WaitingCheck, Set<string>>();
    for (const s of subjects) {
      if (s) asked.set(s.check, (asked.get(s.check) ?? new Set<string>()).add(s.id));
    }
    const waiting = new Map<WaitingCheck, Set<string>>();
    for (const [check, ids] of asked) waiting.set(check, await check(userId, [...ids]));
    return subjects.map((s) => !!s && !waiting.get(s.check)?.has(s.id));
  }

  /** The registered subject a notice links to, if its kind asks something and its link names one. */
  private subjectOf(n: NoticeRef): { id: string; check: WaitingCheck } | null {
    const registered = this.byKind.get(n.kind);
    if (!registered || !n.link?.startsWith(registered.page)) return null;
    const id = n.link.slice(registered.page.length);
    return isUuid(id) ? { id: id.toLowerCase(), check: registered.check } : null;
  }
}
