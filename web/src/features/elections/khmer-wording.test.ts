import { describe, expect, it } from 'vitest';
import km from '../../i18n/km/elections.json';

/** Every Khmer string of the elections namespace, with its key. */
function strings(node: unknown, key = ''): [string, string][] {
  if (typeof node === 'string') return [[key, node]];
  if (node && typeof node === 'object')
    return Object.entries(node).flatMap(([k, v]) => strings(v, key ? `${key}.${k}` : k));
  return [];
}
const all = strings(km);

describe("the elections namespace's Khmer wording", () => {
  it('says the committee helps organise an election, not lead it', () => {
    expect(km.list.manage).toBe('អ្នកជួយរៀបចំ');
    expect(all.filter(([, s]) => s.includes('ដឹកនាំ'))).toEqual([]);
  });
  it('calls the board ក្រុមប្រឹក្សាភិបាល, keeping គណៈកម្មការ for the election committee alone', () => {
    expect(km.board.title).toBe('ក្រុមប្រឹក្សាភិបាល');
    const bare = all.filter(([, s]) => s.replaceAll('គណៈកម្មការរៀបចំការបោះឆ្នោត', '').includes('គណៈកម្មការ'));
    expect(bare).toEqual([]);
  });
  it('writes the lot formula one way in both paragraphs', () => {
    const formula = '«គ្រាប់ពូជ:លេខសម្គាល់បេក្ខជន»';
    expect(km.results.lotHow).toContain(formula);
    expect(km.results.substituteLotHow).toContain(formula);
    expect(all.filter(([, s]) => s.includes('seed:'))).toEqual([]);
  });
  it('puts the Khmer colon ៖ after a Khmer label, not an ASCII colon (the lot formula keeps its own)', () => {
    const ascii = all.filter(([, s]) =>
      /[\u1780-\u17FF}]\s*:(?!\S*»)/u.test(s.replaceAll('«គ្រាប់ពូជ:លេខសម្គាល់បេក្ខជន»', '')),
    );
    expect(ascii).toEqual([]);
    expect(km.punctuation.colon).toBe('៖');
  });
});
