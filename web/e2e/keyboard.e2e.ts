import { expect, test, type Page } from '@playwright/test';
import { apiAs, as, newPerson, secretarysGroup, signInAsAdmin, tokenOf } from './helpers';

/**
 * Where the focus goes, for people who use the keyboard or a screen reader (an accessibility
 * audit found it fell to the page's body): a new page, a form opened in place of its button and
 * cancelled, the notifications panel, a dialog made only while asked, a refused sign-in; and the
 * language list, which an arrow key no longer switches at once.
 */
test.use({ viewport: { width: 1024, height: 800 }, locale: 'en-GB' });

const base = () => process.env.E2E_BASE_URL!;
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}#${el.id}:${el.textContent?.trim().slice(0, 40) ?? ''}` : '';
  });

test('a new page takes the focus to its content; the notifications panel gives it back and closes when left', async ({
  browser,
}) => {
  await as(browser, 'staff.sophea', async (page) => {
    await page.goto('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Documents' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible();
    await expect.poll(() => focused(page)).toMatch(/^main#main:/);
    // A search typed in the list changes the address's query, not the page: the focus stays.
    const search = page.getByRole('searchbox', { name: 'Search titles and reference numbers' });
    await search.fill('x');
    await expect(page).toHaveURL(/q=x/);
    await expect(search).toBeFocused();

    const bell = page.getByRole('button', { name: /^Notifications/ });
    await bell.click();
    await expect(bell).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    await expect(bell).toHaveAttribute('aria-expanded', 'false');
    await expect(bell).toBeFocused();
    // Tabbing out of the open panel closes it (it covered the controls that then had the focus).
    await bell.click();
    const inPanel = () => page.evaluate(() => !!document.activeElement?.closest('.notifications'));
    for (let i = 0; i < 60 && (await inPanel()); i++) await page.keyboard.press('Tab');
    expect(await inPanel()).toBe(false);
    await expect(bell).toHaveAttribute('aria-expanded', 'false');
  });
});

test('"Return for revision" moves the focus to the comment; Cancel brings it back to the button', async ({
  browser,
}) => {
  const sophea = await tokenOf(base(), 'staff.sophea');
  const created = await apiAs<{ id: string }>(base(), sophea, 'POST', '/documents', {
    title: `Focus letter ${Date.now()}`,
    documentType: 'letter',
    body: 'លិខិត',
  });
  await apiAs(base(), sophea, 'POST', `/documents/${created.id}/submit`, {});
  await as(browser, 'head.sys', async (page) => {
    await page.goto(`/documents/${created.id}`);
    const back = page.getByRole('button', { name: 'Return for revision' });
    await back.click();
    await expect(page.getByRole('textbox', { name: 'Comment' })).toBeFocused();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(back).toBeFocused();
  });
});

test('a dialog made only while asked gives the focus back to the button that opened it', async ({ page }) => {
  const { username } = await newPerson(base(), 'focused', 'Ros Focused', 'Focused@2026');
  await signInAsAdmin(page);
  await page.goto('/admin/users');
  await page.getByRole('searchbox', { name: 'Find a user' }).fill(username);
  const disable = page.getByRole('button', { name: 'Disable Ros Focused' });
  await disable.click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(disable).toBeFocused();
});

test('a refused sign-in marks both fields and puts the focus in the password; an arrow key does not switch the language', async ({
  page,
}) => {
  await page.goto('/login');
  const language = page.getByRole('combobox', { name: 'Language' });
  if ((await page.locator('html').getAttribute('lang')) !== 'en') await language.selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByLabel('Username').fill('staff.sophea');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  const password = page.getByLabel('Password');
  await expect(password).toBeFocused();
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Username')).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(/Wrong username or password/);

  // Passing over the other language with the keys shows it, and switches only when confirmed.
  await language.focus();
  await page.keyboard.press('ArrowUp');
  await expect(language).toHaveValue('km');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await language.focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('lang', 'km');
});

test('a refused password change marks the field it is about, described by the refusal, with the focus in it', async ({
  browser,
}) => {
  await as(browser, 'staff.sophea', async (page) => {
    await page.goto('/settings');
    const current = page.getByLabel('Current password');
    await current.fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill('A long new sentence 2026');
    const confirm = page.getByLabel('Confirm new password');
    await confirm.fill('A long new sentence 2025');
    await confirm.press('Enter');
    await expect(confirm).toBeFocused();
    await expect(confirm).toHaveAttribute('aria-invalid', 'true');
    await expect(confirm).toHaveAccessibleDescription(/not the same/);
    await confirm.fill('A long new sentence 2026');
    await confirm.press('Enter');
    await expect(current).toBeFocused();
    await expect(current).toHaveAttribute('aria-invalid', 'true');
    await expect(current).toHaveAccessibleDescription(/current password is wrong/i);
    await expect(confirm).not.toHaveAttribute('aria-invalid', 'true');
  });
});

test('after a refusal the focus is back on the button that was busy, not lost with it', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/admin/users');
  await page.getByRole('button', { name: 'New user' }).click();
  // A username that is taken: the server refuses it after the button was disabled for the request.
  await page.getByLabel('Username', { exact: true }).fill('staff.sophea');
  await page.getByLabel('Full name', { exact: true }).fill('Another Sophea');
  await page.getByLabel('Password', { exact: true }).fill('Another@2026');
  const create = page.getByRole('button', { name: 'Create user' });
  await create.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('already taken');
  await expect(create).toBeEnabled();
  await expect(create).toBeFocused();
});

test('Escape on the leave question stays, with the focus on the link that was followed', async ({
  browser,
}) => {
  await as(browser, 'staff.sophea', async (page) => {
    await page.goto('/documents/new');
    await page.getByRole('textbox', { name: 'Title' }).pressSequentially('Half written');
    const inbox = page.getByRole('navigation').getByRole('link', { name: 'Inbox', exact: true });
    await inbox.focus();
    await page.keyboard.press('Enter');
    const ask = page.getByRole('alertdialog', { name: /not submitted yet/ });
    await expect(ask.getByRole('button', { name: 'Stay' })).toBeFocused();
    // Modal: the form behind it is not reached (by Tab, a click or a screen reader) until answered.
    expect(await ask.evaluate((dialog) => dialog.matches(':modal'))).toBe(true);
    await page.keyboard.press('Escape');
    await expect(ask).toHaveCount(0);
    await expect(page).toHaveURL(/\/documents\/new$/);
    await expect(inbox).toBeFocused();
  });
});

test('the workflow editor keeps the focus with a moved stage, and on "Add stage" after a removal', async ({
  page,
}) => {
  await signInAsAdmin(page);
  await page.goto('/admin/workflows/new');
  await page.getByRole('button', { name: 'Add stage' }).click();
  await page.getByRole('button', { name: 'Add stage' }).click();
  // Stage 1 moved down is stage 2, which can go down again: its own "down" has the focus.
  await page.getByRole('button', { name: 'Move stage 1 down' }).click();
  await expect(page.getByRole('button', { name: 'Move stage 2 down' })).toBeFocused();
  // Stage 2 moved down is the last: its "up" has the focus.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Move stage 3 up' })).toBeFocused();
  await page.getByRole('button', { name: 'Remove stage 2' }).click();
  await expect(page.getByRole('button', { name: 'Add stage' })).toBeFocused();
});

test('a new meeting’s form takes the focus when its button opens it, and gives it back when cancelled', async ({
  browser,
}) => {
  const { groupId, token } = await secretarysGroup(base());
  try {
    await as(browser, 'staff.dara', async (page) => {
      await page.goto(`/groups/${groupId}`);
      const open = page.getByRole('button', { name: 'New meeting' });
      await open.click();
      await expect(page.getByLabel('Title in Khmer')).toBeFocused();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await expect(open).toBeFocused();
    });
  } finally {
    // Her profile's language back to Khmer (`as` read the page in English): other files expect
    // the demo's Khmer secretary.
    await apiAs(base(), token, 'PATCH', '/me', { locale: 'km' });
  }
});
