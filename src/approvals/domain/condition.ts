/**
 * A tiny, safe condition language for choosing a workflow template from a document's metadata.
 * It is data (a JSON tree), never code: `{ field: 'amount', op: '>', value: 10000 }`, combined with
 * `{ and: [...] }`, `{ or: [...] }` and `{ not: ... }`. Nothing here is ever evaluated as JavaScript.
 */
export type ComparisonOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'in' | 'exists';

export interface Comparison {
  field: string;
  op: ComparisonOp;
  value?: unknown;
}
export type Condition = Comparison | { and: Condition[] } | { or: Condition[] } | { not: Condition };

const OPS: readonly ComparisonOp[] = ['=', '!=', '>', '>=', '<', '<=', 'in', 'exists'];
const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}(\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,4}$/;
const MAX_DEPTH = 6;
const MAX_NODES = 50;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** Problems with a condition tree (empty when it is valid). Paths name where each problem is. */
export function conditionProblems(cond: unknown): string[] {
  const problems: string[] = [];
  let nodes = 0;
  const walk = (c: unknown, path: string, depth: number) => {
    if (++nodes > MAX_NODES) {
      if (nodes === MAX_NODES + 1) problems.push(`${path}: more than ${MAX_NODES} nodes`);
      return;
    }
    if (depth > MAX_DEPTH) return void problems.push(`${path}: nested deeper than ${MAX_DEPTH}`);
    if (!isPlainObject(c)) return void problems.push(`${path}: must be an object`);
    const keys = Object.keys(c);
    if ('and' in c || 'or' in c) {
      const k = 'and' in c ? 'and' : 'or';
      if (keys.length !== 1) return void problems.push(`${path}: '${k}' stands alone`);
      const list = c[k];
      if (!Array.isArray(list) || list.length === 0)
        return void problems.push(`${path}.${k}: must be a non-empty array`);
      list.forEach((x, i) => walk(x, `${path}.${k}[${i}]`, depth + 1));
      return;
    }
    if ('not' in c) {
      if (keys.length !== 1) return void problems.push(`${path}: 'not' stands alone`);
      return walk(c.not, `${path}.not`, depth + 1);
    }
    const extra = keys.filter((k) => !['field', 'op', 'value'].includes(k));
    if (extra.length) problems.push(`${path}: unknown keys ${extra.join(', ')}`);
    if (typeof c.field !== 'string' || !FIELD.test(c.field))
      problems.push(`${path}.field: must be a field name such as 'amount' or 'budget.total'`);
    if (typeof c.op !== 'string' || !OPS.includes(c.op as ComparisonOp)) {
      problems.push(`${path}.op: must be one of ${OPS.join(' ')}`);
      return;
    }
    const op = c.op as ComparisonOp;
    if (op === 'exists') {
      if (c.value !== undefined) problems.push(`${path}.value: 'exists' takes no value`);
    } else if (op === 'in') {
      if (!Array.isArray(c.value) || c.value.length === 0 || !c.value.every(isScalar))
        problems.push(`${path}.value: 'in' takes a non-empty array of strings, numbers or booleans`);
    } else if (op === '=' || op === '!=') {
      if (!isScalar(c.value) && c.value !== null)
        problems.push(`${path}.value: must be a string, number, boolean or null`);
    } else if (typeof c.value !== 'number' && typeof c.value !== 'string') {
      problems.push(`${path}.value: '${op}' compares with a number or a string`);
    } else if (typeof c.value === 'number' && !Number.isFinite(c.value)) {
      problems.push(`${path}.value: must be finite`);
    }
  };
  walk(cond, 'condition', 0);
  return problems;
}

function lookup(data: Record<string, unknown>, path: string): unknown {
  let cur: unknown = data;
  for (const part of path.split('.')) {
    if (!isPlainObject(cur) || !Object.hasOwn(cur, part)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Numbers sent as numeric strings ("15000") compare as numbers. */
function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

function compare(actual: unknown, op: ComparisonOp, expected: unknown): boolean {
  switch (op) {
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'in':
      return Array.isArray(expected) && expected.some((e) => compare(actual, '=', e));
    case '=':
    case '!=': {
      const a = asNumber(actual);
      const e = asNumber(expected);
      const eq = a !== undefined && e !== undefined ? a === e : actual === expected;
      return op === '=' ? eq : !eq;
    }
    default: {
      const a = asNumber(actual);
      const e = asNumber(expected);
      let cmp: number;
      if (a !== undefined && e !== undefined) cmp = a - e;
      else if (typeof actual === 'string' && typeof expected === 'string')
        cmp = actual < expected ? -1 : actual > expected ? 1 : 0;
      else return false; // missing or incomparable: the condition does not hold
      return op === '>' ? cmp > 0 : op === '>=' ? cmp >= 0 : op === '<' ? cmp < 0 : cmp <= 0;
    }
  }
}

/** Whether a (valid) condition holds for the metadata. No condition holds always. */
export function evaluateCondition(
  cond: Condition | null | undefined,
  data: Record<string, unknown>,
): boolean {
  if (!cond) return true;
  if ('and' in cond) return cond.and.every((c) => evaluateCondition(c, data));
  if ('or' in cond) return cond.or.some((c) => evaluateCondition(c, data));
  if ('not' in cond) return !evaluateCondition(cond.not, data);
  return compare(lookup(data, cond.field), cond.op, cond.value);
}

/** The fields a condition compares by size with a number (`{ field: 'amount', op: '>', value: 10000 }`). */
export function numericFields(cond: Condition | null | undefined, into = new Set<string>()): Set<string> {
  if (!cond) return into;
  if ('and' in cond) for (const c of cond.and) numericFields(c, into);
  else if ('or' in cond) for (const c of cond.or) numericFields(c, into);
  else if ('not' in cond) numericFields(cond.not, into);
  else if (['>', '>=', '<', '<='].includes(cond.op) && typeof cond.value === 'number') into.add(cond.field);
  return into;
}

/**
 * The fields the choice between these templates cannot be made on: a field one of them compares by
 * size with a number (`amount > 10000`) that the metadata lacks, gives as something else than a
 * number ("២០០០០", "15,000"), or gives below zero. Every such comparison would fail, and a less
 * demanding template (one without the minister's stage) would apply: the document is refused
 * instead (issue: a submitter cannot pick a weaker route than the one its conditions select). The
 * numbers a route turns on are sizes (an amount, a count of days): an amount of -20,000 would pass
 * under the minister's threshold.
 */
export function missingNumbers(candidates: TemplateCandidate[], metadata: Record<string, unknown>): string[] {
  const fields = new Set<string>();
  for (const c of candidates) numericFields(c.condition, fields);
  return [...fields]
    .filter((f) => {
      const n = asNumber(lookup(metadata, f));
      return n === undefined || n < 0;
    })
    .sort();
}

/** How specific a condition is: the number of comparisons in it (no condition: 0). */
export function conditionSpecificity(cond: Condition | null | undefined): number {
  if (!cond) return 0;
  if ('and' in cond) return cond.and.reduce((n, c) => n + conditionSpecificity(c), 0);
  if ('or' in cond) return cond.or.reduce((n, c) => Math.max(n, conditionSpecificity(c)), 0);
  if ('not' in cond) return conditionSpecificity(cond.not);
  return 1;
}

export interface TemplateCandidate {
  id: string;
  condition: Condition | null;
  createdAt: Date;
}

/**
 * The templates a document may take: those whose condition holds and that are as specific as the
 * most specific of them (a less specific one would leave out what a condition adds, e.g. the
 * minister's stage of a large budget), the most recently created first. Empty when none holds.
 */
export function applicableTemplates<T extends TemplateCandidate>(
  candidates: T[],
  metadata: Record<string, unknown>,
): T[] {
  const holding = candidates.filter((c) => evaluateCondition(c.condition, metadata));
  const top = Math.max(...holding.map((c) => conditionSpecificity(c.condition)));
  return holding
    .filter((c) => conditionSpecificity(c.condition) === top)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/**
 * The template for a document: among the candidates whose condition holds, the most specific one;
 * on a tie, the most recently created. Undefined when none holds.
 */
export function chooseTemplate<T extends TemplateCandidate>(
  candidates: T[],
  metadata: Record<string, unknown>,
): T | undefined {
  return applicableTemplates(candidates, metadata)[0];
}
