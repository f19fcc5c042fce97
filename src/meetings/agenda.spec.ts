import { agendaTree, flattenAgenda, walkAgenda } from './agenda.js';

describe('agenda', () => {
  const input = [
    { title: 'បើកកិច្ចប្រជុំ', durationMinutes: 5 },
    {
      title: 'Progress',
      children: [{ title: 'Sub-group A' }, { title: 'Sub-group B', children: [{ title: 'Budget' }] }],
    },
  ];

  it('flattens parents before children with positions among siblings', () => {
    const flat = flattenAgenda(input);
    expect(flat.map((f) => [f.title, f.parentIndex, f.position, f.depth])).toEqual([
      ['បើកកិច្ចប្រជុំ', null, 0, 1],
      ['Progress', null, 1, 1],
      ['Sub-group A', 1, 0, 2],
      ['Sub-group B', 1, 1, 2],
      ['Budget', 3, 0, 3],
    ]);
  });

  it('refuses more than three levels', () => {
    expect(() =>
      flattenAgenda([
        { title: 'a', children: [{ title: 'b', children: [{ title: 'c', children: [{ title: 'd' }] }] }] },
      ]),
    ).toThrow(RangeError);
  });

  it('numbers the stored tree', () => {
    const flat = flattenAgenda(input);
    const rows = flat.map((f) => ({
      id: `id${f.index}`,
      parentId: f.parentIndex === null ? null : `id${f.parentIndex}`,
      position: f.position,
      title: f.title,
      presenterUserId: null,
      durationMinutes: f.durationMinutes,
    }));
    const tree = agendaTree(rows.reverse());
    expect(walkAgenda(tree).map((n) => `${n.number} ${n.title}`)).toEqual([
      '1 បើកកិច្ចប្រជុំ',
      '2 Progress',
      '2.1 Sub-group A',
      '2.2 Sub-group B',
      '2.2.1 Budget',
    ]);
  });
});
