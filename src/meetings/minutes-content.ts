/** What a minutes revision holds (jsonb). Action item ids are assigned by the server on save. */
export interface MinutesItemNote {
  agendaItemId: string;
  notes: string;
}

export interface MinutesDecision {
  text: string;
  agendaItemId?: string | null;
  votesFor?: number | null;
  votesAgainst?: number | null;
  abstentions?: number | null;
}

export interface MinutesActionItem {
  id: string;
  text: string;
  ownerUserId: string;
  dueOn: string;
  /** The agenda item it came out of (absent in revisions saved before items carried it). */
  agendaItemId?: string | null;
}

export interface MinutesContent {
  items: MinutesItemNote[];
  decisions: MinutesDecision[];
  actionItems: MinutesActionItem[];
}

export interface FieldDiff<T> {
  added: { key: string; value: T }[];
  removed: { key: string; value: T }[];
  changed: { key: string; from: T; to: T }[];
}

export interface MinutesDiff {
  items: FieldDiff<MinutesItemNote>;
  decisions: FieldDiff<MinutesDecision>;
  actionItems: FieldDiff<MinutesActionItem>;
}

export const EMPTY_MINUTES: MinutesContent = { items: [], decisions: [], actionItems: [] };

/** Stable JSON (sorted keys) so that two equal values compare equal whatever their key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function diffBy<T>(from: T[], to: T[], keyOf: (v: T, index: number) => string): FieldDiff<T> {
  const a = new Map(from.map((v, i) => [keyOf(v, i), v]));
  const b = new Map(to.map((v, i) => [keyOf(v, i), v]));
  const result: FieldDiff<T> = { added: [], removed: [], changed: [] };
  for (const [key, value] of b) {
    const old = a.get(key);
    if (old === undefined) result.added.push({ key, value });
    else if (canonical(old) !== canonical(value)) result.changed.push({ key, from: old, to: value });
  }
  for (const [key, value] of a) if (!b.has(key)) result.removed.push({ key, value });
  return result;
}

/**
 * Compares two revisions field by field: agenda notes by agenda item, action items by their id,
 * decisions by position (they have no identity of their own; "decision 2" is how minutes cite them).
 */
export function diffMinutes(from: MinutesContent, to: MinutesContent): MinutesDiff {
  return {
    items: diffBy(from.items, to.items, (v) => v.agendaItemId),
    decisions: diffBy(from.decisions, to.decisions, (_v, i) => String(i + 1)),
    actionItems: diffBy(from.actionItems, to.actionItems, (v) => v.id),
  };
}
