import { typedNumber } from '../../i18n/khmer-format';

/**
 * Metadata fields the templates' conditions read (e.g. `amount`): the form asks for them. With
 * `sized`, only those compared by size with a number (`amount > 10000`), which the server needs
 * before it can say a route (src/approvals/domain/condition.ts, `numericFields`).
 */
export function fieldsOf(condition: unknown, sized = false, into = new Set<string>()): Set<string> {
  if (!condition || typeof condition !== 'object') return into;
  const c = condition as Record<string, unknown>;
  const bySize = ['>', '>=', '<', '<='].includes(c.op as string) && typeof c.value === 'number';
  if (typeof c.field === 'string' && (!sized || bySize)) into.add(c.field);
  for (const k of ['and', 'or'])
    if (Array.isArray(c[k])) for (const x of c[k] as unknown[]) fieldsOf(x, sized, into);
  if (c.not) fieldsOf(c.not, sized, into);
  return into;
}

/** The fields (see `fieldsOf`) the conditions of these templates read, each once. */
export function conditionFields(templates: { condition?: unknown }[], sized = false): string[] {
  const into = new Set<string>();
  for (const w of templates) fieldsOf(w.condition, sized, into);
  return [...into];
}

/**
 * The document's metadata with the fields as the submitter corrected them (a number typed in Khmer
 * or Latin digits as a number, as the new document form sends it; a field emptied left out), or
 * null when nothing changed.
 */
export function correctedMetadata(
  current: Record<string, unknown>,
  typed: Record<string, string>,
): Record<string, unknown> | null {
  const next: Record<string, unknown> = { ...current };
  let changed = false;
  for (const [field, text] of Object.entries(typed)) {
    const v = text.trim();
    if (!v) {
      if (field in next) {
        delete next[field];
        changed = true;
      }
      continue;
    }
    const value = typedNumber(v) ?? v;
    if (next[field] !== value) {
      next[field] = value;
      changed = true;
    }
  }
  return changed ? next : null;
}
