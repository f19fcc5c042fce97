import { afterEach, describe, expect, it } from 'vitest';
import { keepFocusThroughBusyButtons } from './busyFocus';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the focus of a button disabled while its request runs', () => {
  let stop = () => {};
  afterEach(() => {
    stop();
    document.body.innerHTML = '';
  });

  const page = () => {
    document.body.innerHTML = '<button id="save">Save</button><button id="other">Other</button>';
    stop = keepFocusThroughBusyButtons(document);
    return [document.getElementById('save'), document.getElementById('other')] as [
      HTMLButtonElement,
      HTMLButtonElement,
    ];
  };

  it('comes back to it when it is enabled again and the focus was lost', async () => {
    const [save] = page();
    save.focus();
    // What the browser does to a focused control that is disabled (jsdom does not).
    save.blur();
    save.disabled = true;
    await settle();
    expect(document.activeElement).toBe(document.body);
    save.disabled = false;
    await settle();
    expect(document.activeElement).toBe(save);
  });

  it('stays where something else put it meanwhile, and leaves buttons that had no focus alone', async () => {
    const [save, other] = page();
    save.focus();
    save.disabled = true;
    await settle();
    other.focus();
    save.disabled = false;
    await settle();
    expect(document.activeElement).toBe(other);

    other.blur();
    save.disabled = true;
    await settle();
    save.disabled = false;
    await settle();
    expect(document.activeElement).toBe(document.body);
  });
});
