/**
 * Minutes typed but not yet saved, kept in the tab's session storage: a reload (a phone's
 * pull-to-refresh), or a link followed and Back, emptied the editor and lost a secretary's notes
 * without a word. Session storage is the tab's own and goes with it: minutes are not left on a
 * shared computer's disk.
 */
const keyOf = (meetingId: string) => `minutes-unsaved:${meetingId}`;

export interface Unsaved<D> {
  /** The revision the text was typed on: a save from it meets a newer one as any stale save does. */
  base: number;
  draft: D;
}

export function keepUnsaved<D>(meetingId: string, unsaved: Unsaved<D>): void {
  try {
    sessionStorage.setItem(keyOf(meetingId), JSON.stringify(unsaved));
  } catch {
    // Storage full or refused (a private window): the editor works as before, without the copy.
  }
}

export function unsavedOf<D>(meetingId: string): Unsaved<D> | null {
  try {
    const raw = sessionStorage.getItem(keyOf(meetingId));
    const parsed = raw ? (JSON.parse(raw) as Unsaved<D>) : null;
    return parsed && typeof parsed.base === 'number' && parsed.draft ? parsed : null;
  } catch {
    return null;
  }
}

export function dropUnsaved(meetingId: string): void {
  try {
    sessionStorage.removeItem(keyOf(meetingId));
  } catch {
    // Nothing kept.
  }
}
