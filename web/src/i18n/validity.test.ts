import { describe, expect, it } from 'vitest';
import { boundText, isBlank, validityMessage } from './validity';

function input(type: string, props: { required?: boolean; value?: string } = {}): HTMLInputElement {
  const el = document.createElement('input');
  el.type = type;
  el.required = props.required ?? false;
  if (props.value !== undefined) el.value = props.value;
  return el;
}
const t = (key: string, options?: Record<string, unknown>) => `${key} ${JSON.stringify(options ?? {})}`;

describe('the browser checks in the page language', () => {
  it('writes a date bound as the page writes dates, in Phnom Penh time', () => {
    expect(boundText(input('date'), '2026-12-10', 'km')).toBe('១០ ធ្នូ ២០២៦');
    expect(boundText(input('date'), '2026-12-10', 'en')).toBe('10 Dec 2026');
    expect(boundText(input('datetime-local'), '2026-12-10T09:00', 'km')).toBe('១០ ធ្នូ ២០២៦ ម៉ោង ០៩:០០');
    expect(boundText(input('datetime-local'), '2026-12-10T09:00', 'en')).toBe('10 Dec 2026, 09:00');
    expect(boundText(input('text'), '1500', 'km')).toBe('១,៥០០');
    expect(boundText(input('date'), 'not a date', 'en')).toBe('not a date');
  });

  it('counts a required typed text of spaces only as missing, not a password nor an optional one', () => {
    expect(isBlank(input('text', { required: true, value: '   ' }))).toBe(true);
    expect(isBlank(input('text', { required: true, value: '' }))).toBe(false); // the browser's valueMissing
    expect(isBlank(input('text', { required: true, value: ' a ' }))).toBe(false);
    expect(isBlank(input('text', { required: false, value: '   ' }))).toBe(false);
    expect(isBlank(input('password', { required: true, value: '   ' }))).toBe(false);
    const area = document.createElement('textarea');
    area.required = true;
    area.value = '\n  ';
    expect(isBlank(area)).toBe(true);
    expect(validityMessage(area, t, 'km')).toBe('validity.fill {}');
  });

  it('says what is missing by the kind of control', () => {
    const select = document.createElement('select');
    select.required = true;
    select.append(document.createElement('option'));
    expect(validityMessage(select, t, 'en')).toBe('validity.choose {}');
    expect(validityMessage(input('file', { required: true }), t, 'en')).toBe('validity.file {}');
    expect(validityMessage(input('checkbox', { required: true }), t, 'en')).toBe('validity.tick {}');
    expect(validityMessage(input('text', { required: true }), t, 'en')).toBe('validity.fill {}');
    expect(validityMessage(input('text', { value: 'fine' }), t, 'en')).toBe('');
  });
});
