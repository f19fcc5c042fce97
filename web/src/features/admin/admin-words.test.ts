import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import en from '../../i18n/en/admin.json';
import km from '../../i18n/km/admin.json';

type Problem = NonNullable<Schemas['AuditVerifyResultDto']['problem']>;
/** Every problem the audit check can report (the compiler fails when the API adds one). */
const PROBLEMS: Record<Problem, true> = {
  hash_mismatch: true,
  broken_link: true,
  seq_gap: true,
  head_mismatch: true,
  head_without_entries: true,
  stream_missing: true,
  tail_missing: true,
  checkpoint_mismatch: true,
  checkpoint_signature: true,
};

/** Every string of a translation file. */
const strings = (resource: unknown): string[] =>
  typeof resource === 'string'
    ? [resource]
    : typeof resource === 'object' && resource
      ? Object.values(resource).flatMap(strings)
      : [];

describe('the administration pages’ words', () => {
  it('say "hash" in Khmer words, the English term only in brackets after them', () => {
    const bare = strings(km).filter((s) => /hash/i.test(s) && !/តម្លៃបំប្លែង \(hash\)/.test(s));
    expect(bare).toEqual([]);
    expect(km.audit.text).toContain('តម្លៃបំប្លែង (hash)');
  });

  it('say what an audit problem is, in both languages, never its code', () => {
    for (const problem of Object.keys(PROBLEMS) as Problem[]) {
      for (const words of [en.audit.problem, km.audit.problem]) {
        expect(words[problem]).toBeTruthy();
        expect(words[problem]).not.toContain('_');
      }
    }
  });

  it('name kinds of post as words, capitalised in English', () => {
    expect(en.units.kind).toEqual({ head: 'Head', deputy: 'Deputy head', member: 'Member' });
    expect(Object.values(km.units.kind).every((w) => /^[\u1780-\u17ff ]+$/.test(w))).toBe(true);
  });
});
