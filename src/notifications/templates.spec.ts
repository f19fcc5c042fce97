import {
  actingForClause,
  dueSentence,
  interpolate,
  reassignedSentence,
  renderTemplate,
  TEMPLATES,
  type TemplateName,
} from './templates.js';

const KHMER = /[\u1780-\u17FF]/;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('notification templates', () => {
  const names = Object.keys(TEMPLATES) as TemplateName[];

  it.each(names)('%s has the same placeholders in Khmer and English', (name) => {
    const t = TEMPLATES[name];
    expect(placeholders(t.km.title + t.km.body)).toEqual(placeholders(t.en.title + t.en.body));
  });

  it.each(names.filter((n) => n !== 'generic'))('%s is written in Khmer for km readers', (name) => {
    expect(TEMPLATES[name].km.title + TEMPLATES[name].km.body).toMatch(KHMER);
  });

  it('includes the templates other modules need', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'generic',
        'approval.task_assigned',
        'approval.reminder',
        'approval.escalated',
        'approval.decided',
        'election.opened',
        'election.certified',
        'meeting.reminder',
        'action_item.overdue',
      ]),
    );
  });

  /** An assignment's params, a deadline aside. */
  const params = { reference: 'R/1', title: 'T', submitter: 'S', stage: 'Director', due: dueSentence(null) };

  it('says whom a delegate decides for, and nothing for an approver or a notice stored before it', () => {
    const forDirector = actingForClause({ en: 'Meas Visal', km: 'មាស វិសាល' });
    expect(renderTemplate('approval.task_assigned', 'en', { ...params, actingFor: forDirector }).body).toBe(
      '"T" from S awaits your decision at stage "Director", acting for Meas Visal.',
    );
    expect(
      renderTemplate('approval.task_assigned', 'km', { ...params, actingFor: forDirector }).body,
    ).toContain('«Director» ដោយធ្វើការជំនួស មាស វិសាល។');
    const own = '"T" from S awaits your decision at stage "Director".';
    expect(
      renderTemplate('approval.task_assigned', 'en', { ...params, actingFor: actingForClause(null) }).body,
    ).toBe(own);
    // Stored before the template named a delegation: no param, no placeholder shown.
    expect(renderTemplate('approval.task_assigned', 'en', params).body).toBe(own);
  });

  it('says who gave a task to its reader and why, when an administrator moved it to them', () => {
    const by = { en: 'Administrator', km: 'អ្នកគ្រប់គ្រង' };
    expect(
      renderTemplate('approval.task_assigned', 'en', {
        ...params,
        reassigned: reassignedSentence(by, ' On leave '),
      }).body,
    ).toBe(
      '"T" from S awaits your decision at stage "Director". Administrator gave this task to you: "On leave".',
    );
    expect(
      renderTemplate('approval.task_assigned', 'km', { ...params, reassigned: reassignedSentence(by, '') })
        .body,
    ).toMatch(/ភារកិច្ចនេះត្រូវបានប្រគល់មកអ្នកដោយ អ្នកគ្រប់គ្រង។$/);
  });

  it('names a deadline only when there is one (no "Due: -")', () => {
    const params = { reference: 'R/1', title: 'T', submitter: 'S', stage: 'ប្រធាន' };
    const none = renderTemplate('approval.task_assigned', 'km', { ...params, due: dueSentence(null) });
    expect(none.body).not.toContain('កាលកំណត់');
    expect(none.body.endsWith('«ប្រធាន»។')).toBe(true);
    expect(renderTemplate('approval.reminder', 'en', { ...params, due: dueSentence(null) }).body).toBe(
      '"T" is waiting for your decision.',
    );
    const due = dueSentence(new Date('2026-12-01T03:00:00Z'));
    expect(renderTemplate('approval.reminder', 'km', { ...params, due }).body).toContain(
      'កាលកំណត់៖ ១ ធ្នូ ២០២៦ នៅ\u200bម៉ោង ១០:០០។',
    );
    expect(renderTemplate('approval.reminder', 'en', { ...params, due }).body).toContain(
      'Due: 1 December 2026 at 10:00.',
    );
  });

  it('fills params, picking the reader language of a bilingual one', () => {
    const params = { name: { km: 'សុខ ស៊ាន', en: 'Sok San' } };
    expect(renderTemplate('test.ping', 'km', params)).toEqual({
      title: 'សាកល្បង',
      body: 'សួស្តី សុខ ស៊ាន! នេះជាសារសាកល្បង។',
    });
    expect(renderTemplate('test.ping', 'en', params).body).toBe('Hello Sok San! This is a test message.');
  });

  it('falls back to Khmer for an unknown locale and leaves unknown placeholders', () => {
    expect(renderTemplate('test.ping', 'fr', {}).body).toBe('សួស្តី {name}! នេះជាសារសាកល្បង។');
    expect(interpolate('{a} {b} {a}', { a: 1 }, 'en')).toBe('1 {b} 1');
  });

  it('leaves out a part whose params have no value: a meeting with no place says none', () => {
    const at = { meeting: 'ប្រជុំ', startsAt: '2026-12-11T07:00:00.000Z', reason: '' };
    expect(renderTemplate('meeting.invitation', 'en', { ...at, location: '' }).body).toBe(
      'You are invited to "ប្រជុំ" at 11 December 2026 at 14:00.',
    );
    expect(renderTemplate('meeting.invitation', 'km', { ...at, location: '' }).body).toMatch(/១៤:០០។$/);
    expect(renderTemplate('meeting.rescheduled', 'km', { ...at, location: '' }).body).not.toMatch(
      /នៅ\s*-|នៅ\s*។/,
    );
    expect(renderTemplate('meeting.reminder', 'en', { ...at, location: 'Room 5' }).body).toMatch(
      / in Room 5\.$/,
    );
    expect(interpolate('a[ b {x}] c', { x: 'X' }, 'en')).toBe('a b X c');
    expect(interpolate('a[ b {x}] c', {}, 'en')).toBe('a c');
  });

  it('writes a moment as the reader reads it: Phnom Penh time, 24 hours, Khmer digits in Khmer', () => {
    // The trial found "moved to 2026-12-11T07:00:00.000Z" in a Khmer notice (14:00 in Phnom Penh).
    const params = { meeting: 'ប្រជុំ', startsAt: '2026-12-11T07:00:00.000Z', location: 'A', reason: '' };
    const en = renderTemplate('meeting.rescheduled', 'en', params).body;
    expect(en).toContain('11 December 2026');
    expect(en).toContain('14:00');
    expect(en).not.toContain('T07:00');
    const km = renderTemplate('meeting.rescheduled', 'km', params).body;
    expect(km).toContain('១៤:០០');
    expect(km).toContain('ធ្នូ');
    expect(km).not.toMatch(/2026|07:00/);
    expect(interpolate('{n}', { n: '2026-12-11' }, 'en')).toBe('2026-12-11'); // a date alone stays
  });
});
