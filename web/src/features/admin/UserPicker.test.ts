import { describe, expect, it } from 'vitest';
import { pickerPage } from './UserPicker';

const people = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `u${i + 1}` }));

describe('the people a picker lists', () => {
  it('lists 20 with one excluded, from the 21 asked for, and says there are more when there are', () => {
    const page = pickerPage(people(21), ['u3'], true);
    expect(page.items).toHaveLength(20);
    expect(page.items.map((u) => u.id)).not.toContain('u3');
    expect(page.more).toBe(true);
  });

  it('says there are no more when the excluded one was the only other', () => {
    expect(pickerPage(people(21), ['u21'], false)).toEqual({ items: people(20), more: false });
  });

  it('says there are more when the excluded one was not in the page and one is left over', () => {
    expect(pickerPage(people(21), ['someone else'], false)).toEqual({ items: people(20), more: true });
  });

  it('lists a short page whole', () => {
    expect(pickerPage(people(3), [], false)).toEqual({ items: people(3), more: false });
  });
});
