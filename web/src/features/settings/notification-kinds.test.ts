import { describe, expect, it } from 'vitest';
import en from '../../i18n/en/channels.json';
import km from '../../i18n/km/channels.json';
import source from '../../../../src/notifications/templates.ts?raw';

// The kinds a user chooses channels for are the server's notification templates
// (src/notifications/templates.ts, CHOOSABLE_KINDS): each needs words in both languages, or the
// settings page shows the raw key (the trial found "approval.revoked" and "meeting.rescheduled").
const block = source.slice(source.indexOf('export const TEMPLATES'), source.indexOf('} satisfies'));
const kinds = [...block.matchAll(/^ {2}'?([a-z_]+\.[a-z_]+)'?: \{$/gm)]
  .map((m) => m[1]!)
  .filter((k) => k !== 'test.ping' && !k.startsWith('telegram.'));

const label = (dict: { kinds: Record<string, Record<string, string>> }, kind: string) => {
  const [area, name] = kind.split('.');
  return dict.kinds[area!]?.[name!];
};

describe('notification kinds on the settings page', () => {
  it('reads the server templates', () => {
    expect(kinds).toEqual(expect.arrayContaining(['approval.task_assigned', 'meeting.rescheduled']));
  });

  it.each(kinds)('%s has a label in English and Khmer', (kind) => {
    expect(label(en, kind)).toBeTruthy();
    expect(label(km, kind)).toMatch(/[\u1780-\u17FF]/);
  });
});
