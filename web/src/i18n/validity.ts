import { TIME_ZONE, formatNumber, khmerDate, ministryInstant } from './khmer-format';

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
type Translate = (key: string, options?: Record<string, unknown>) => string;

const isControl = (el: EventTarget | null): el is Control =>
  el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;

/** Kinds of input whose text a person types (a password of spaces is the password's own rule). */
const TYPED = new Set(['text', 'search', 'email', 'url', 'tel']);

/**
 * A required text of spaces only: the browser lets it pass (it is not empty), and the server
 * refuses it as missing; so is it here.
 */
export function isBlank(el: Control): boolean {
  const typed = el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && TYPED.has(el.type));
  return typed && el.required && el.value !== '' && el.value.trim() === '';
}

/** A date or date-and-time field's value (`2026-12-10`, `2026-12-10T09:00`). */
const FIELD_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

/** A field's bound (`min`, `max`) as the page writes such a value: dates and times as dates, numbers as numbers. */
export function boundText(el: Control, bound: string, language: string): string {
  const type = el instanceof HTMLInputElement ? el.type : '';
  if ((type === 'date' || type === 'datetime-local') && FIELD_TIME.test(bound)) {
    const d = new Date(ministryInstant(bound));
    const withTime = type === 'datetime-local';
    if (language === 'km') return khmerDate(d, withTime);
    return new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'medium',
      ...(withTime ? { timeStyle: 'short' } : {}),
      timeZone: TIME_ZONE,
    }).format(d);
  }
  const n = Number(bound);
  return bound !== '' && Number.isFinite(n) ? formatNumber(n, language) : bound;
}

/**
 * What the browser would say of an invalid control, in the page's language (`common:validity.*`);
 * empty when none of these applies (the browser's own message stays).
 */
export function validityMessage(el: Control, t: Translate, language: string): string {
  const v = el.validity;
  const type = el instanceof HTMLInputElement ? el.type : '';
  if (v.valueMissing || isBlank(el)) {
    if (el instanceof HTMLSelectElement) return t('validity.choose');
    if (type === 'checkbox' || type === 'radio') return t('validity.tick');
    if (type === 'file') return t('validity.file');
    return t('validity.fill');
  }
  if (v.typeMismatch)
    return t(type === 'email' ? 'validity.email' : type === 'url' ? 'validity.url' : 'validity.value');
  if (v.patternMismatch)
    return el.title ? t('validity.formatOf', { format: el.title }) : t('validity.format');
  if (v.tooShort && 'minLength' in el) {
    return t('validity.tooShort', {
      min: formatNumber(el.minLength, language),
      count: formatNumber(el.value.length, language),
    });
  }
  if (v.rangeUnderflow && 'min' in el) return t('validity.atLeast', { min: boundText(el, el.min, language) });
  if (v.rangeOverflow && 'max' in el) return t('validity.atMost', { max: boundText(el, el.max, language) });
  if (v.badInput || v.stepMismatch) return t('validity.value');
  return '';
}

/**
 * The browser's messages for a form's constraints ("Please fill out this field") come in the
 * browser's language, not the page's: a Khmer page showed English bubbles. From this call on, a
 * control the browser finds invalid gets the message in the page's language (asked of `t` at that
 * moment), and a required text of spaces only is invalid as missing (`isBlank`). A message set here
 * is looked at again whenever the value changes or focus leaves the control, so a value the page
 * sets itself is checked afresh at the next submit. A message a control sets itself (NumberInput)
 * is left alone. Returns the undo.
 */
export function localizeValidity(doc: Document, t: Translate, language: () => string): () => void {
  const ours = new WeakSet<Control>();
  const say = (el: Control, message: string) => {
    if (message) ours.add(el);
    else ours.delete(el);
    el.setCustomValidity(message);
  };
  const onInvalid = (e: Event) => {
    const el = e.target;
    if (!isControl(el) || (el.validity.customError && !ours.has(el))) return;
    if (ours.has(el)) say(el, '');
    say(el, validityMessage(el, t, language()));
  };
  // Typed, changed or left: a message of ours goes, but a text of spaces only stays missing.
  const onEdit = (e: Event) => {
    const el = e.target;
    if (!isControl(el) || (el.validity.customError && !ours.has(el))) return;
    if (ours.has(el)) say(el, '');
    if (isBlank(el)) say(el, t('validity.fill'));
  };
  const edits = ['input', 'change', 'focusout'] as const;
  doc.addEventListener('invalid', onInvalid, true);
  for (const name of edits) doc.addEventListener(name, onEdit, true);
  return () => {
    doc.removeEventListener('invalid', onInvalid, true);
    for (const name of edits) doc.removeEventListener(name, onEdit, true);
  };
}
