import { canonicalize } from '../../signing/signatures.js';

export interface MetadataChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** Top-level fields that differ between two metadata snapshots (added, removed or changed). */
export function metadataDiff(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): MetadataChange[] {
  const a = before ?? {};
  const b = after ?? {};
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return fields
    .filter((f) => canonicalize(a[f] ?? null) !== canonicalize(b[f] ?? null))
    .map((f) => ({ field: f, from: a[f] ?? null, to: b[f] ?? null }));
}
