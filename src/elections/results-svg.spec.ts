import { renderResultsSvg } from './results-svg.js';
import { computeResults, countBallots } from './tally.js';

describe('results chart', () => {
  it('draws a bar per candidate, marks the elected, keeps Khmer names as text', () => {
    const candidates = [
      { candidateId: 'a', userId: 'ua', fullName: 'Sok San', fullNameKm: 'សុខ ស៊ាន', ballotOrder: 1 },
      { candidateId: 'b', userId: 'ub', fullName: 'Dara <&>', fullNameKm: null, ballotOrder: 2 },
    ];
    const r = computeResults({
      seats: 1,
      eligible: 3,
      quorumPercent: null,
      candidates,
      count: countBallots([['a'], ['a', 'b'], []], ['a', 'b']),
    });
    const svg = renderResultsSvg('ការបោះឆ្នោត អាណត្តិទី៧', r);
    expect(svg).toContain('<svg');
    expect(svg).toContain("'Noto Sans Khmer'");
    expect(svg).toContain('សុខ ស៊ាន');
    expect(svg).toContain('ការបោះឆ្នោត អាណត្តិទី៧');
    expect(svg).toContain('Dara &lt;&amp;&gt;');
    expect(svg.match(/<rect x=/g)).toHaveLength(2);
    expect(svg).toContain('data-candidate-id="a" data-outcome="elected"');
    expect(svg).toContain('✓ សុខ ស៊ាន');
  });
});
