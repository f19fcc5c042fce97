import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import en from '../../i18n/en/admin.json';
import km from '../../i18n/km/admin.json';
import { AUDIT_ACTION_AREAS, AUDIT_AREAS, type AuditAction, auditSubjectPath } from './audit-actions';

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

  it('say what each kind of audit entry is, in both languages, never its code', () => {
    const kinds = Object.keys(AUDIT_ACTION_AREAS) as AuditAction[];
    expect(kinds.length).toBeGreaterThan(70);
    const wordsOf = (words: Record<string, Record<string, string>>, kind: string) => {
      const [subject, verb] = kind.split('.') as [string, string];
      return words[subject]?.[verb];
    };
    const missing = kinds.flatMap((kind) =>
      [
        ['en', wordsOf(en.activity.action, kind)],
        ['km', wordsOf(km.activity.action, kind)],
      ]
        .filter(([, words]) => !words || /[_.]\w/.test(words) || words.includes(kind))
        .map(([lang]) => `${lang} ${kind}`),
    );
    expect(missing).toEqual([]);
    // Khmer words for Khmer readers (Telegram is a name).
    for (const kind of kinds) expect(wordsOf(km.activity.action, kind)).toMatch(/[\u1780-\u17ff]/);
    for (const area of AUDIT_AREAS) {
      expect([en.activity.area[area], km.activity.area[area]].every(Boolean)).toBe(true);
      expect(kinds.some((k) => AUDIT_ACTION_AREAS[k] === area)).toBe(true);
    }
  });

  it('link an audit entry to the page of what it is about', () => {
    expect(auditSubjectPath('document:7d0c6f5e')).toEqual({ kind: 'document', path: '/documents/7d0c6f5e' });
    expect(auditSubjectPath('election:e1:voter:v1')).toEqual({ kind: 'election', path: '/elections/e1' });
    expect(auditSubjectPath('working_group:g1')).toEqual({ kind: 'group', path: '/groups/g1' });
    expect(auditSubjectPath('user:u1')).toBeNull();
    expect(auditSubjectPath('association:a1')).toBeNull();
  });
});
