import { describe, expect, it } from 'vitest';
import { parseAgenda } from './agenda';

describe('the New meeting agenda box', () => {
  it('takes one item a line, with its minutes after a |', () => {
    expect(parseAgenda('Opening | 10\n\nProgress report|30\nOther')).toEqual([
      { title: 'Opening', durationMinutes: 10 },
      { title: 'Progress report', durationMinutes: 30 },
      { title: 'Other' },
    ]);
  });
  it('reads the minutes in Khmer digits too ("| ៥" was saved with no duration)', () => {
    expect(parseAgenda('បើកកិច្ចប្រជុំ | ៥\nរបាយការណ៍ | ៤៥ ')).toEqual([
      { title: 'បើកកិច្ចប្រជុំ', durationMinutes: 5 },
      { title: 'របាយការណ៍', durationMinutes: 45 },
    ]);
  });
  it('nests an indented line under the one above it, to three levels', () => {
    expect(parseAgenda('របាយការណ៍\n  ភ្នំពេញ | 15\n    ផ្នែក A\n      deeper\n  សៀមរាប\n\tតាកែវ\nOther')).toEqual(
      [
        {
          title: 'របាយការណ៍',
          children: [
            { title: 'ភ្នំពេញ', durationMinutes: 15, children: [{ title: 'ផ្នែក A' }, { title: 'deeper' }] },
            { title: 'សៀមរាប' },
            { title: 'តាកែវ' },
          ],
        },
        { title: 'Other' },
      ],
    );
  });
});
