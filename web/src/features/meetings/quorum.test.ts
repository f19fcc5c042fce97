import { describe, expect, it } from 'vitest';
import { quorumWithMarks } from './quorum';

const q = { eligible: 3, present: 1, required: 2, met: false };
const people = [
  { id: 'a', role: 'member', attendance: 'present' },
  { id: 'b', role: 'member', attendance: 'unknown' },
  { id: 'c', role: 'chair', attendance: 'absent' },
  { id: 'g', role: 'guest', attendance: 'unknown' },
] as const;

describe('the quorum line while attendance is being marked', () => {
  it('is the saved quorum when nothing is marked', () => {
    expect(quorumWithMarks(q, [...people], {})).toEqual(q);
  });

  it('counts a voting participant newly marked present, and is met when enough are', () => {
    expect(quorumWithMarks(q, [...people], { b: 'present' })).toEqual({ ...q, present: 2, met: true });
  });

  it('takes away one present no longer, and does not count a guest', () => {
    expect(quorumWithMarks(q, [...people], { a: 'excused', g: 'present' })).toEqual({ ...q, present: 0 });
  });

  it('does not count a mark that changes nothing twice', () => {
    expect(quorumWithMarks(q, [...people], { a: 'present', c: 'absent' })).toEqual(q);
  });
});
