import { describe, expect, it } from 'vitest';
import { characters, diffText } from './textDiff';

const join = (pieces: { kind: string; text: string }[], kinds: string[]) =>
  pieces
    .filter((p) => kinds.includes(p.kind))
    .map((p) => p.text)
    .join('');

describe('Khmer-safe text difference', () => {
  it('keeps a consonant with its subscript and vowels', () => {
    expect(characters('ក្រុម')).toEqual(['ក្រុ', 'ម']);
    expect(characters('ស្ត្រី')).toEqual(['ស្ត្រី']);
    expect(characters('abc')).toEqual(['a', 'b', 'c']);
  });

  it('gives both texts back and marks only what changed', () => {
    const before = 'ក្រុមការងាររងបានសម្រេច ៦០%។';
    const after = 'ក្រុមការងាររងបានសម្រេច ៦៥%។';
    const pieces = diffText(before, after);
    expect(join(pieces, ['same', 'removed'])).toBe(before);
    expect(join(pieces, ['same', 'added'])).toBe(after);
    expect(pieces.filter((p) => p.kind === 'removed')).toEqual([{ kind: 'removed', text: '០' }]);
    expect(pieces.filter((p) => p.kind === 'added')).toEqual([{ kind: 'added', text: '៥' }]);
  });

  it('never shows a subscript cut from its consonant', () => {
    // ក្រ becomes ក្ស: the whole cluster is replaced, not just the last consonant.
    const pieces = diffText('ការក្រុម', 'ការក្សុម');
    for (const p of pieces) expect(p.text.startsWith('\u17D2')).toBe(false);
    expect(join(pieces, ['same', 'removed'])).toBe('ការក្រុម');
    expect(join(pieces, ['same', 'added'])).toBe('ការក្សុម');
  });

  it('shows a replaced phrase as one removal and one addition, not fragments', () => {
    const base = 'ក្រុមការងាររងបានរាយការណ៍អំពីវឌ្ឍនភាព ៦០%។';
    const pieces = diffText(`${base} (ប្រធានបានកែ)`, `${base} អង្គប្រជុំបានពិភាក្សាអំពីថវិកា។`);
    expect(pieces).toEqual([
      { kind: 'same', text: `${base} ` },
      { kind: 'removed', text: '(ប្រធានបានកែ)' },
      { kind: 'added', text: 'អង្គប្រជុំបានពិភាក្សាអំពីថវិកា។' },
    ]);
  });

  it('handles added and removed text, empty sides and long texts (by lines)', () => {
    expect(diffText('', 'ថ្មី')).toEqual([{ kind: 'added', text: 'ថ្មី' }]);
    expect(diffText('ចាស់', '')).toEqual([{ kind: 'removed', text: 'ចាស់' }]);
    expect(diffText('same', 'same')).toEqual([{ kind: 'same', text: 'same' }]);
    const long = Array.from({ length: 600 }, (_, i) => `បន្ទាត់ទី ${i}\n`).join('');
    const changed = long.replace('បន្ទាត់ទី 300\n', 'បន្ទាត់ថ្មី\n');
    const pieces = diffText(long, changed);
    expect(pieces.filter((p) => p.kind === 'removed')).toEqual([{ kind: 'removed', text: 'បន្ទាត់ទី 300\n' }]);
    expect(pieces.filter((p) => p.kind === 'added')).toEqual([{ kind: 'added', text: 'បន្ទាត់ថ្មី\n' }]);
  });
});
