import { canonical, diffMinutes, type MinutesContent } from './minutes-content.js';

const base: MinutesContent = {
  items: [
    { agendaItemId: 'a1', notes: 'សេចក្តីផ្តើម' },
    { agendaItemId: 'a2', notes: 'old' },
  ],
  decisions: [{ text: 'អនុម័តផែនការ', votesFor: 9, votesAgainst: 1, abstentions: 1 }],
  actionItems: [{ id: 'x1', text: 'ប្រមូលទិន្នន័យ', ownerUserId: 'u1', dueOn: '2026-12-01' }],
};

describe('diffMinutes', () => {
  it('reports nothing for equal revisions whatever the key order', () => {
    const same = JSON.parse(JSON.stringify(base)) as MinutesContent;
    same.decisions[0] = { abstentions: 1, votesAgainst: 1, votesFor: 9, text: 'អនុម័តផែនការ' };
    const d = diffMinutes(base, same);
    expect(
      [d.items, d.decisions, d.actionItems].every(
        (f) => !f.added.length && !f.removed.length && !f.changed.length,
      ),
    ).toBe(true);
  });

  it('names added, removed and changed entries per field', () => {
    const next: MinutesContent = {
      items: [
        { agendaItemId: 'a1', notes: 'សេចក្តីផ្តើម' },
        { agendaItemId: 'a3', notes: 'new' },
      ],
      decisions: [{ text: 'អនុម័តផែនការ', votesFor: 10, votesAgainst: 0, abstentions: 1 }, { text: 'second' }],
      actionItems: [],
    };
    const d = diffMinutes(base, next);
    expect(d.items.added).toEqual([{ key: 'a3', value: { agendaItemId: 'a3', notes: 'new' } }]);
    expect(d.items.removed.map((r) => r.key)).toEqual(['a2']);
    expect(d.items.changed).toEqual([]);
    expect(d.decisions.changed.map((c) => c.key)).toEqual(['1']);
    expect(d.decisions.added.map((c) => c.key)).toEqual(['2']);
    expect(d.actionItems.removed.map((c) => c.key)).toEqual(['x1']);
  });

  it('canonical ignores null and undefined members', () => {
    expect(canonical({ a: 1, b: null, c: undefined })).toBe(canonical({ a: 1 }));
  });
});
