/**
 * Minutes typed but not yet saved, kept in the tab's session storage: a reload (a phone's
 * pull-to-refresh), or a link followed and Back, emptied the editor and lost a secretary's notes
 * without a word. Session storage is the tab's own and goes with it: minutes are not left on a
 * shared computer's disk. They are the writer's: kept under their user id (someone else signing in
 * in the same tab after the session expired does not find them), and gone when they sign out
 * (auth/session.ts signOut).
 */
const keyOf = (userId: string, meetingId: string) => `minutes-unsaved:${userId}:${meetingId}`;

export interface Unsaved<D> {
  /** The revision the text was typed on: a save from it meets a newer one as any stale save does. */
  base: number;
  draft: D;
}

export function keepUnsaved<D>(userId: string, meetingId: string, unsaved: Unsaved<D>): void {
  try {
    sessionStorage.setItem(keyOf(userId, meetingId), JSON.stringify(unsaved));
  } catch {
    // Storage full or refused (a private window): the editor works as before, without the copy.
  }
}

export function unsavedOf<D>(userId: string, meetingId: string): Unsaved<D> | null {
  try {
    const raw = sessionStorage.getItem(keyOf(userId, meetingId));
    const parsed = raw ? (JSON.parse(raw) as Unsaved<D>) : null;
    return parsed && typeof parsed.base === 'number' && parsed.draft ? parsed : null;
  } catch {
    return null;
  }
}

export function dropUnsaved(userId: string, meetingId: string): void {
  try {
    sessionStorage.removeItem(keyOf(userId, meetingId));
  } catch {
    // Nothing kept.
  }
}
