import { randomBytes } from 'node:crypto';
import { type Page, expect, test } from '@playwright/test';
import {
  EN,
  KM,
  adminToken,
  apiAs,
  expectAccessible,
  expectNoSideScroll,
  screenshot,
  signIn,
  signOut,
  submitSignIn,
  tokenOf,
} from './helpers';

test.use({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });

const PASSWORD = 'First-Pass-2026';

/** A user of their own for each test (a password change must not touch the demo users others use). */
async function newUser(baseURL: string, locale: 'en' | 'km' = 'en'): Promise<string> {
  const username = `e2e.session.${randomBytes(4).toString('hex')}`;
  await apiAs(baseURL, await adminToken(baseURL), 'POST', '/users', {
    username,
    password: PASSWORD,
    fullName: 'Session Tester',
    fullNameKm: 'អ្នកសាកល្បង វគ្គ',
    locale,
    mustChangePassword: false,
  });
  return username;
}

const meStatus = async (baseURL: string, token: string) =>
  (await fetch(`${baseURL}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;

/** Errors the browser logs: console errors (a failed request logs one), page errors, 4xx/5xx answers. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    // The app has no favicon yet: the browser's own request for one is not the app's doing.
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) {
      errors.push(`console: ${m.text()} (${m.location().url})`);
    }
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  return errors;
}

test('an anonymous visit logs no error: the silent refresh answers 204 without a cookie', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh'));
  await page.goto('/login');
  expect((await refreshed).status()).toBe(204);
  await expect(page.getByRole('button', { name: EN.signIn })).toBeVisible();
  // A signed-in page sends the visitor to the login page, quietly too.
  const again = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh'));
  await page.goto('/settings');
  expect((await again).status()).toBe(204);
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings/);
  await expect(page.getByRole('button', { name: EN.signIn })).toBeVisible();
  expect(errors).toEqual([]);
});

test('reloading while the silent refresh is in flight keeps the user signed in', async ({
  page,
  context,
  baseURL,
}) => {
  const username = await newUser(baseURL!);
  await page.goto('/login');
  await signIn(page, username, PASSWORD);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  for (let i = 0; i < 3; i++) {
    // The next page load's refresh reaches the server, which rotates the token, but its answer (and
    // the Set-Cookie with the new token) never reaches the browser: the page is reloaded meanwhile.
    let rotated: () => void = () => undefined;
    const serverRotated = new Promise<void>((r) => (rotated = r));
    let held = false;
    await page.route('**/api/v1/auth/refresh', async (route) => {
      if (held) return route.continue();
      held = true;
      const cookie = (await context.cookies(`${baseURL}/api/v1/auth/refresh`)).find(
        (c) => c.name === 'refresh_token',
      );
      const r = await fetch(`${baseURL}/api/v1/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `refresh_token=${cookie!.value}` },
        body: '{}',
      });
      expect(r.status).toBe(200);
      rotated(); // and the browser's request stays unanswered
    });
    await page.reload({ waitUntil: 'commit' });
    await serverRotated;
    // Reloaded again with the refresh in flight: the cookie still holds the token just replaced.
    await page.reload();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(page).not.toHaveURL(/\/login/);
    await page.unroute('**/api/v1/auth/refresh');
  }
  // Still the same sign-in, which goes on normally.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('Change password: errors in the user language; other sign-ins end, this one goes on', async ({
  page,
  baseURL,
}) => {
  const username = await newUser(baseURL!);
  const phone = await tokenOf(baseURL!, username, PASSWORD);
  await page.goto('/login');
  await signIn(page, username, PASSWORD);
  await page.getByRole('link', { name: 'Settings' }).first().click();
  const section = page.getByRole('region', { name: 'Change password' });
  await expect(section).toBeVisible();
  const current = section.getByLabel('Current password', { exact: true });
  const fresh = section.getByLabel('New password', { exact: true });
  const confirm = section.getByLabel('Confirm new password', { exact: true });
  const submit = section.getByRole('button', { name: 'Change password' });

  await current.fill('not-my-password');
  await fresh.fill('Second-Pass-2026');
  await confirm.fill('Second-Pass-2026');
  await submit.click();
  await expect(section.getByRole('alert')).toHaveText('The current password is wrong.');

  await current.fill(PASSWORD);
  await fresh.fill('short');
  await confirm.fill('short');
  await submit.click();
  await expect(section.getByRole('alert')).toHaveText(
    'The new password is too short: use at least 8 characters.',
  );
  await expect(fresh).toHaveAccessibleDescription(/not your username, and not a common password/);
  await current.fill(PASSWORD);
  await fresh.fill('Password2026!');
  await confirm.fill('Password2026!');
  await submit.click();
  await expect(section.getByRole('alert')).toHaveText(
    'That password is among the first ones anyone would try. Choose another.',
  );

  await current.fill(PASSWORD);
  await fresh.fill('Second-Pass-2026');
  await confirm.fill('Second-Pass-2027');
  await submit.click();
  await expect(section.getByRole('alert')).toHaveText(
    'The new password and its confirmation are not the same.',
  );

  await confirm.fill('Second-Pass-2026');
  await submit.click();
  await expect(section.getByRole('status')).toHaveText(
    'Your password is changed. You were signed out of 1 other sign-in.',
  );
  await expect(current).toHaveValue('');
  // The other device is out at once; this browser stays in, across a reload too.
  expect(await meStatus(baseURL!, phone)).toBe(401);
  await expectNoSideScroll(page);
  await expectAccessible(page);
  await screenshot(page, 'settings-password-en');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  // In Khmer, the refusals are in Khmer.
  await page.getByRole('combobox', { name: 'Language' }).first().selectOption({ label: 'ខ្មែរ' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'km');
  const km = page.getByRole('region', { name: 'ប្ដូរពាក្យសម្ងាត់' });
  await km.getByLabel('ពាក្យសម្ងាត់បច្ចុប្បន្ន', { exact: true }).fill(PASSWORD);
  await km.getByLabel('ពាក្យសម្ងាត់ថ្មី', { exact: true }).fill('Third-Pass-2026');
  await km.getByLabel('បញ្ជាក់ពាក្យសម្ងាត់ថ្មី', { exact: true }).fill('Third-Pass-2026');
  await km.getByRole('button', { name: 'ប្ដូរពាក្យសម្ងាត់' }).click();
  await expect(km.getByRole('alert')).toHaveText('ពាក្យសម្ងាត់បច្ចុប្បន្នមិនត្រឹមត្រូវ។');
  await expectAccessible(page);
  await screenshot(page, 'settings-password-km');
  // No other sign-in is open now: the message says so instead of counting zero of them.
  await km.getByLabel('ពាក្យសម្ងាត់បច្ចុប្បន្ន', { exact: true }).fill('Second-Pass-2026');
  await km.getByRole('button', { name: 'ប្ដូរពាក្យសម្ងាត់' }).click();
  await expect(km.getByRole('status')).toHaveText('ពាក្យសម្ងាត់របស់អ្នកត្រូវបានប្ដូរ។ គ្មានការចូលប្រើផ្សេងទៀតបើកនៅឡើយទេ។');

  // The new password signs in; the old one no longer does.
  await page.getByRole('button', { name: 'ចាកចេញ' }).click();
  await expect(page).toHaveURL(/\/login/);
  await submitSignIn(page, username, PASSWORD, KM);
  await expect(page.getByRole('alert')).toBeVisible();
  await signIn(page, username, 'Third-Pass-2026', KM);
});

test('a session ended elsewhere says why at the next step; a sign-out in another tab, at once', async ({
  page,
  baseURL,
}) => {
  const username = await newUser(baseURL!);
  await page.goto('/login');
  await signIn(page, username, PASSWORD);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  // Another device changes the password: every other sign-in, this browser's included, ends.
  const phone = await tokenOf(baseURL!, username, PASSWORD);
  await apiAs(baseURL!, phone, 'POST', '/auth/password', {
    currentPassword: PASSWORD,
    newPassword: 'Changed-Elsewhere-2026',
  });
  await page.getByRole('link', { name: 'Documents', exact: true }).first().click();
  await expect(page).toHaveURL(/\/login\?.*expired=1/);
  // Why, so that an owner who did not change it knows to say so.
  await expect(page.getByRole('status')).toHaveText(
    "You were signed out because this account's password was changed. If you did not change it, tell your IT team at once.",
  );
  // The server's own page says the same (a reload, or the app's code not yet there).
  await page.reload();
  await expect(page.getByRole('status')).toHaveText(/^You were signed out because this account's password/);
  await signIn(page, username, 'Changed-Elsewhere-2026');
  await expect(page).toHaveURL(/\/documents$/);

  // Signed out in another tab: this one leaves its page at once (a shared computer's open tab
  // showed the documents until its next request), and says why.
  const other = await page.context().newPage();
  await other.goto('/inbox');
  await other.getByRole('button', { name: 'Sign out' }).click();
  await expect(other).toHaveURL(/\/login/);
  await expect(page).toHaveURL(/\/login\?.*why=logout/);
  await expect(page.getByRole('status')).toHaveText(
    'You signed out in another tab or window. Sign in again to go on.',
  );
  await other.close();
});

test('a language picked on the sign-in page is the one the app and the profile take', async ({
  page,
  baseURL,
}) => {
  // official09 reads the app in English (the profile's language), whatever the browser prefers.
  const token = await tokenOf(baseURL!, 'official09');
  expect((await apiAs<{ locale: string }>(baseURL!, token, 'GET', '/me')).locale).toBe('en');
  try {
    await page.goto('/login');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('km');
    await signIn(page, 'official09', undefined, KM);
    // The choice made there held: the app is in Khmer, and the profile says so for next time.
    await expect(page.getByRole('link', { name: 'ប្រអប់ការងារ', exact: true })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'km');
    expect((await apiAs<{ locale: string }>(baseURL!, token, 'GET', '/me')).locale).toBe('km');
  } finally {
    await apiAs(baseURL!, token, 'PATCH', '/me', { locale: 'en' });
  }
});

test('after too many wrong passwords the sign-in page says how long to wait, not "a few minutes"', async ({
  page,
}) => {
  // An unknown user name: the wait is per name and address, and no real account is touched.
  const username = `nobody-${randomBytes(4).toString('hex')}`;
  await page.goto('/login');
  const alert = page.getByRole('alert');
  // The wait starts at a second and doubles: tried until an attempt lands inside one.
  for (let i = 0; i < 10; i++) {
    await submitSignIn(page, username, 'wrong password');
    await expect(alert).toBeVisible();
    if (/try again in/.test((await alert.textContent()) ?? '')) break;
  }
  await expect(alert).toHaveText(/^Too many wrong passwords: try again in \d+ seconds?\.$/);
});

/**
 * A shared computer: the app holds no one's data past their sign-out. The next person signing in
 * in the same tab saw the last one's documents from the app's cache (not even asked again for
 * 15 s).
 */
test('the next person signing in in the same tab sees none of the last one’s documents', async ({
  page,
  baseURL,
}) => {
  const first = 'staff.sophea';
  const next = await newUser(baseURL!);
  const title = `Only the first user's ${randomBytes(3).toString('hex')}`;
  await apiAs(baseURL!, await tokenOf(baseURL!, first), 'POST', '/documents', {
    title,
    documentType: 'letter',
    body: 'A letter of the first user',
  });
  await page.goto('/login');
  await signIn(page, first);
  const documents = page.getByRole('link', { name: 'Documents', exact: true }).first();
  await documents.click();
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await signOut(page);

  await signIn(page, next, PASSWORD);
  await documents.click();
  await expect(page).toHaveURL(/\/documents$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);
});
