import { createHash } from 'node:crypto';
import { canonicalJson, entryHash, entryHashParts, joinHashParts } from './audit-chain.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });
  it('drops undefined properties, as jsonb does', () => {
    expect(canonicalJson({ a: undefined, b: 'សុខ ស៊ាន' })).toBe('{"b":"សុខ ស៊ាន"}');
  });
});

describe('entryHash', () => {
  const base = {
    stream: 'document:1',
    seq: 1,
    action: 'document.created',
    actorId: null,
    entityType: 'document',
    entityId: '1',
    data: { title: 'ក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍', amount: 10 },
    createdAt: new Date('2026-11-24T10:00:00.123Z'),
    prevHash: null,
  };
  it('does not depend on key order', () => {
    expect(entryHash(base)).toBe(entryHash({ ...base, data: { amount: 10, title: base.data.title } }));
    expect(entryHash(base)).toMatch(/^[0-9a-f]{64}$/);
  });
  it('changes with every covered field', () => {
    const h = entryHash(base);
    expect(entryHash({ ...base, seq: 2 })).not.toBe(h);
    expect(entryHash({ ...base, action: 'x' })).not.toBe(h);
    expect(entryHash({ ...base, actorId: '00000000-0000-0000-0000-000000000000' })).not.toBe(h);
    expect(entryHash({ ...base, data: { ...base.data, amount: 11 } })).not.toBe(h);
    expect(entryHash({ ...base, createdAt: new Date('2026-11-24T10:00:00.124Z') })).not.toBe(h);
    expect(entryHash({ ...base, prevHash: 'a'.repeat(64) })).not.toBe(h);
    expect(entryHash({ ...base, stream: 'document:2' })).not.toBe(h);
  });
});

describe('entryHashParts', () => {
  const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
  const entry = {
    stream: 'document:"quoted"\\',
    action: 'task.approved',
    actorId: '00000000-0000-0000-0000-000000000001',
    entityType: 'document',
    entityId: 'e',
    data: { z: [1, { b: 'ខ្មែរ', a: null }], comment: 'line\nbreak \u2028 "q"', n: 1.5 },
    createdAt: new Date('2026-11-24T10:00:00.123Z'),
  };
  it('completed with the link gives the hash of entryHash', () => {
    const parts = entryHashParts(entry);
    for (const [seq, prevHash] of [
      [1, null],
      [42, 'f'.repeat(64)],
    ] as const) {
      expect(sha(joinHashParts(parts, seq, prevHash))).toBe(entryHash({ ...entry, seq, prevHash }));
    }
    expect(sha(joinHashParts(entryHashParts({ ...entry, actorId: null, data: {} }), 3, null))).toBe(
      entryHash({ ...entry, actorId: null, data: {}, seq: 3, prevHash: null }),
    );
  });
});
