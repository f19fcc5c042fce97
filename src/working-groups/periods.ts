/** A reporting period: a quarter (`2026-Q3`) or a month (`2026-11`). */
export const PERIOD_PATTERN = /^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/;

export function isValidPeriod(period: string): boolean {
  return PERIOD_PATTERN.test(period);
}

/** Sorts periods in time by their last month: `2026-Q3` (ends in September) before `2026-11`. */
export function periodEndKey(period: string): number {
  const [year, part] = period.split('-');
  const month = part.startsWith('Q') ? Number(part.slice(1)) * 3 : Number(part);
  return Number(year) * 100 + month;
}

export interface RollUpGroup {
  id: string;
  parentId: string | null;
}

export interface RollUpReport {
  groupId: string;
  period: string;
  progressPercent: number;
}

export interface RollUpEntry {
  groupId: string;
  /** The group's latest report (or the one of the asked period). */
  latest: RollUpReport | null;
  /** Mean of the direct sub-groups' rolled-up progress; the group's own when it has no sub-groups. */
  rolledUpPercent: number | null;
}

/**
 * The roll-up of a group and all its sub-groups: each group's latest report, and a progress
 * figure that averages its sub-groups (recursively) where it has any, else its own report.
 */
export function rollUp(rootId: string, groups: RollUpGroup[], reports: RollUpReport[]): RollUpEntry[] {
  const children = new Map<string, string[]>();
  for (const g of groups) {
    if (g.parentId) children.set(g.parentId, [...(children.get(g.parentId) ?? []), g.id]);
  }
  const latest = new Map<string, RollUpReport>();
  for (const r of reports) {
    const cur = latest.get(r.groupId);
    if (!cur || periodEndKey(r.period) > periodEndKey(cur.period)) latest.set(r.groupId, r);
  }
  const out = new Map<string, RollUpEntry>();
  const visit = (id: string, seen: Set<string>): number | null => {
    if (seen.has(id)) return null;
    seen.add(id);
    const kids = children.get(id) ?? [];
    const kidValues = kids.map((k) => visit(k, seen)).filter((v): v is number => v !== null);
    const own = latest.get(id)?.progressPercent ?? null;
    const value = kidValues.length
      ? Math.round(kidValues.reduce((a, b) => a + b, 0) / kidValues.length)
      : own;
    out.set(id, { groupId: id, latest: latest.get(id) ?? null, rolledUpPercent: value });
    return value;
  };
  visit(rootId, new Set());
  return [...out.values()];
}
