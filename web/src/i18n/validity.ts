type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
type Translate = (key: string, options?: Record<string, unknown>) => string;

const isControl = (el: EventTarget | null): el is Control =>
  el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;

/**
 * What the browser would say of an invalid control, in the page's language (`common:validity.*`);
 * empty when none of these applies (the browser's own message stays).
 */
export function validityMessage(el: Control, t: Translate): string {
  const v = el.validity;
  const type = el instanceof HTMLInputElement ? el.type : '';
  if (v.valueMissing) {
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
    return t('validity.tooShort', { min: el.minLength, count: el.value.length });
  }
  if (v.rangeUnderflow && 'min' in el) return t('validity.atLeast', { min: el.min });
  if (v.rangeOverflow && 'max' in el) return t('validity.atMost', { max: el.max });
  if (v.badInput || v.stepMismatch) return t('validity.value');
  return '';
}

/**
 * The browser's messages for a form's constraints ("Please fill out this field") come in the
 * browser's language, not the page's: a Khmer page showed English bubbles. From this call on, a
 * control the browser finds invalid gets the message in the page's language (`t` is asked at that
 * moment), which it keeps until its value changes or focus leaves it (so a value set by the page
 * itself is checked afresh at the next submit). A message a control sets itself (NumberInput, a
 * Field of spaces only) is left alone. Returns the undo.
 */
export function localizeValidity(doc: Document, t: Translate): () => void {
  const ours = new WeakSet<Control>();
  const onInvalid = (e: Event) => {
    const el = e.target;
    if (!isControl(el) || (el.validity.customError && !ours.has(el))) return;
    if (ours.has(el)) el.setCustomValidity('');
    const message = validityMessage(el, t);
    if (!message) return;
    ours.add(el);
    el.setCustomValidity(message);
  };
  const onLeave = (e: Event) => {
    const el = e.target;
    if (!isControl(el) || !ours.has(el)) return;
    ours.delete(el);
    el.setCustomValidity('');
  };
  const events = ['input', 'change', 'focusout'] as const;
  doc.addEventListener('invalid', onInvalid, true);
  for (const name of events) doc.addEventListener(name, onLeave, true);
  return () => {
    doc.removeEventListener('invalid', onInvalid, true);
    for (const name of events) doc.removeEventListener(name, onLeave, true);
  };
}
