import { describe, expect, it } from 'vitest';
import { shownNumber } from './NumberInput';

describe('a number box shows', () => {
  it('a saved value in the page digits: Khmer on a Khmer page, ASCII on an English one', () => {
    expect(shownNumber(null, '8', 'km')).toBe('៨');
    expect(shownNumber(null, '1500.5', 'km')).toBe('១៥០០.៥');
    expect(shownNumber(null, '8', 'en')).toBe('8');
    expect(shownNumber(null, '', 'km')).toBe('');
  });

  it('what was typed, whichever digits, while it says the value', () => {
    expect(shownNumber('8', '8', 'km')).toBe('8');
    expect(shownNumber('៨', '8', 'en')).toBe('៨');
    expect(shownNumber('', '', 'km')).toBe('');
  });

  it('the value when it changed apart from the typing', () => {
    expect(shownNumber('៨', '9', 'km')).toBe('៩');
    expect(shownNumber('8', '', 'en')).toBe('');
  });
});
