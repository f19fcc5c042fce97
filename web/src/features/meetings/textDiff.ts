/**
 * A plain difference between two texts, safe for Khmer. Khmer writes no spaces between words, so a
 * word diff has nothing to split on; this one compares user-perceived characters (grapheme
 * clusters, Intl.Segmenter), joining a cluster that ends in the subscript sign (coeng, U+17D2)
 * with the consonant after it, so a consonant keeps its subscript and vowels (ក្រ is one unit,
 * never ក + ្ + រ) and no mark is shown detached from its letter. Long texts (more than the
 * comparison table can hold) are compared line by line instead.
 */
export type Piece = { kind: 'same' | 'added' | 'removed'; text: string };

const COENG = '\u17D2';
/** Above this many cells of the comparison table, compare whole lines (memory and time stay small). */
const MAX_CELLS = 4_000_000;

const segmenter =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl
    ? new Intl.Segmenter('km', { granularity: 'grapheme' })
    : null;

/** The text as user-perceived characters, a consonant and its subscripts kept together. */
export function characters(text: string): string[] {
  const raw = segmenter ? Array.from(segmenter.segment(text), (s) => s.segment) : Array.from(text);
  const out: string[] = [];
  for (const c of raw) {
    const last = out.length ? out[out.length - 1]! : '';
    if (last.endsWith(COENG) || (c.startsWith(COENG) && last)) out[out.length - 1] = last + c;
    else out.push(c);
  }
  return out;
}

/** Lines, each keeping its line break, so joining the pieces gives the text back. */
export function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function push(out: Piece[], kind: Piece['kind'], text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.kind === kind) last.text += text;
  else out.push({ kind, text });
}

/** The longest common subsequence of two token lists, as pieces (common prefix and suffix first cut off). */
function diffTokens(a: string[], b: string[]): Piece[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: Piece[] = [];
  push(out, 'same', a.slice(0, start).join(''));
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  const n = x.length;
  const m = y.length;
  const w = m + 1;
  // lcs[i * w + j]: the length of the longest common subsequence of x[i..] and y[j..]
  const lcs = new Uint32Array((n + 1) * w);
  const at = (i: number, j: number) => lcs[i * w + j]!;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = x[i] === y[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      push(out, 'same', x[i]!);
      i++;
      j++;
    } else if (j < m && (i === n || at(i, j + 1) >= at(i + 1, j))) {
      push(out, 'added', y[j]!);
      j++;
    } else {
      push(out, 'removed', x[i]!);
      i++;
    }
  }
  push(out, 'same', a.slice(endA).join(''));
  return out;
}

/** A few letters in common between two changes are chance, not sense: shown as part of the change. */
const CHANCE = 3;

/**
 * Folds chance matches into the change around them, so a replaced phrase reads as one removal and
 * one addition rather than alternating fragments (what an editor's "semantic cleanup" does).
 */
export function cleanUp(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  let removed = '';
  let added = '';
  const flush = () => {
    push(out, 'removed', removed);
    push(out, 'added', added);
    removed = '';
    added = '';
  };
  pieces.forEach((p, i) => {
    if (p.kind === 'removed') removed += p.text;
    else if (p.kind === 'added') added += p.text;
    else if ((removed || added) && i < pieces.length - 1 && characters(p.text).length <= CHANCE) {
      removed += p.text;
      added += p.text;
    } else {
      flush();
      push(out, 'same', p.text);
    }
  });
  flush();
  return out;
}

/** What changed from `before` to `after`: by characters (Khmer-safe), or by lines for long texts. */
export function diffText(before: string, after: string): Piece[] {
  if (before === after) return before ? [{ kind: 'same', text: before }] : [];
  const a = characters(before);
  const b = characters(after);
  if (a.length * b.length <= MAX_CELLS) return cleanUp(diffTokens(a, b));
  return cleanUp(diffTokens(lines(before), lines(after)));
}
