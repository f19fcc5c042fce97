interface Span {
  toUserId?: string;
  startsAt: string;
  endsAt: string;
  /** Null or empty: every type of document. */
  documentTypes?: string[] | null;
}

/**
 * The delegations a new one would overlap: dates that meet and documents both cover. While two
 * hold, the server follows the newer (src/approvals/approver-posts.ts, DELEGATE), so saving a
 * broad delegation silently took over a narrower one made before; the form says so first.
 */
export function overlapping<T extends Span>(existing: T[], next: Span): T[] {
  const from = Date.parse(next.startsAt);
  const until = Date.parse(next.endsAt);
  if (Number.isNaN(from) || Number.isNaN(until)) return [];
  const covers = (d: Span, type: string) => !d.documentTypes?.length || d.documentTypes.includes(type);
  const shareDocuments = (d: Span) =>
    !d.documentTypes?.length ||
    !next.documentTypes?.length ||
    next.documentTypes.some((type) => covers(d, type));
  // The same delegation again is no overlap: the server refuses it as already made.
  const same = (d: Span) =>
    d.toUserId === next.toUserId &&
    Date.parse(d.startsAt) === from &&
    Date.parse(d.endsAt) === until &&
    [...(d.documentTypes ?? [])].sort().join() === [...(next.documentTypes ?? [])].sort().join();
  return existing.filter(
    (d) => Date.parse(d.startsAt) < until && from < Date.parse(d.endsAt) && shareDocuments(d) && !same(d),
  );
}
