import { expect, test } from '@playwright/test';
import {
  KM,
  PASSWORD,
  adminToken,
  apiAs,
  e2eQuery,
  expectAccessible,
  expectNoSideScroll,
  inEnglish,
  screenshot,
  signIn,
  submitSignIn,
} from './helpers';

test.use({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });

test('a wrong password says so in English and in Khmer; the anonymous choice of language is remembered', async ({
  page,
}) => {
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await submitSignIn(page, 'staff.sophea', 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'ខ្មែរ' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'km');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ចូលប្រើ');
  await submitSignIn(page, 'staff.sophea', 'still-not-it', KM);
  await expect(page.getByRole('alert')).toHaveText('ឈ្មោះអ្នកប្រើ ឬពាក្យសម្ងាត់មិនត្រឹមត្រូវ។');
  await expectNoSideScroll(page);
  await expectAccessible(page);
  await screenshot(page, 'login-km');
});

test("a form's own checks speak the page's language, not the browser's", async ({ page }) => {
  // The browser is English (en-GB); the page is Khmer.
  await page.goto('/login');
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'ខ្មែរ' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'km');
  await page.getByRole('button', { name: KM.signIn }).click();
  const username = page.getByRole('textbox', { name: KM.username });
  await expect(username).toBeFocused();
  await expect
    .poll(() => username.evaluate((el: HTMLInputElement) => el.validationMessage))
    .toBe('សូមបំពេញប្រអប់នេះ។');
  // Spaces only are as missing as nothing (the server refused them with a generic message).
  await username.fill('   ');
  await page.getByRole('button', { name: KM.signIn }).click();
  await expect(username).toBeFocused();
  expect(await username.evaluate((el: HTMLInputElement) => el.validationMessage)).toBe('សូមបំពេញប្រអប់នេះ។');
  // Typed, the field is good again; the next missing one says so in Khmer too.
  await username.fill('staff.dara');
  expect(await username.evaluate((el: HTMLInputElement) => el.validity.valid)).toBe(true);
  await page.getByRole('button', { name: KM.signIn }).click();
  const password = page.getByLabel(KM.password, { exact: true });
  await expect(password).toBeFocused();
  expect(await password.evaluate((el: HTMLInputElement) => el.validationMessage)).toBe('សូមបំពេញប្រអប់នេះ។');
  // Back in English, English.
  await page.getByRole('combobox', { name: 'ភាសា' }).selectOption({ label: 'English' });
  await page.getByRole('button', { name: 'Sign in' }).click();
  const passwordEn = page.getByLabel('Password', { exact: true });
  await expect(passwordEn).toBeFocused();
  expect(await passwordEn.evaluate((el: HTMLInputElement) => el.validationMessage)).toBe(
    'Please fill out this field.',
  );
});

test.describe('a first visit', () => {
  test.use({ locale: 'km-KH' });
  test('follows a browser that prefers Khmer', async ({ page }) => {
    await page.goto('/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'km');
    await expect(page.getByRole('button', { name: KM.signIn })).toBeVisible();
  });
});

test('Khmer pages render in the bundled Khmer font, fit 360 px and pass axe', async ({ page }) => {
  await page.goto('/login');
  await signIn(page, 'staff.dara'); // profile locale km: the app switches to Khmer
  await expect(page.locator('html')).toHaveAttribute('lang', 'km');
  await expect(page.getByRole('link', { name: 'ប្រអប់ការងារ', exact: true })).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  const font = await page.evaluate(() => ({
    loaded: [...document.fonts].some((f) => f.family.includes('Noto Sans Khmer') && f.status === 'loaded'),
    check: document.fonts.check('16px "Noto Sans Khmer Variable"', 'ក្រុមការងារ'),
  }));
  expect(font).toEqual({ loaded: true, check: true });
  for (const [path, name] of [
    ['/', 'home-km'],
    ['/inbox', 'inbox-km'],
    ['/documents', 'documents-km'],
    ['/documents/new', 'new-document-km'],
    ['/settings', 'settings-km'],
    ['/notifications', 'notifications-km'],
  ] as const) {
    await page.getByRole('main').waitFor();
    if (path !== '/') {
      await page.evaluate((p) => {
        window.history.pushState({}, '', p);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, path);
    }
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText('កំពុងផ្ទុក…')).toHaveCount(0);
    await expectNoSideScroll(page);
    await expectAccessible(page);
    await screenshot(page, name);
  }
});

test('English pages fit 360 px and pass axe; the notifications panel opens', async ({ page }) => {
  await page.goto('/login');
  await signIn(page, 'dir.ict');
  await inEnglish(page);
  for (const [path, name] of [
    ['/', 'home-en'],
    ['/documents', 'documents-en'],
    ['/settings', 'settings-en'],
    ['/nowhere/at/all', null],
  ] as const) {
    await page.evaluate((p) => {
      window.history.pushState({}, '', p);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText('Loading…')).toHaveCount(0);
    await expectNoSideScroll(page);
    await expectAccessible(page);
    if (name) await screenshot(page, name);
  }
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await page.getByRole('button', { name: /^Notifications/ }).click();
  await expect(page.getByRole('link', { name: 'All notifications' })).toBeVisible();
  // On the phone's screen whole, not hanging off its left edge (the trial could not reach its links).
  await expect(page.locator('.notifications-panel')).toBeInViewport({ ratio: 1 });
  await expectNoSideScroll(page);
  await screenshot(page, 'notifications-panel-en');
});

/** A new account (English), made by the administrator: its username. */
async function newPerson(baseURL: string, what: string): Promise<string> {
  const username = `e2e.${what}.${Date.now().toString(36)}`;
  await apiAs(baseURL, await adminToken(baseURL), 'POST', '/users', {
    username,
    password: PASSWORD,
    fullName: `Test ${what}`,
    fullNameKm: `សាកល្បង ${what}`,
    locale: 'en',
    mustChangePassword: false,
  });
  return username;
}

test('with many notices, the panel keeps "Mark all as read" and "All notifications" in view; the list scrolls', async ({
  page,
  baseURL,
}) => {
  // Someone whose notices are these alone (the demo's people get others from the other stories).
  const username = await newPerson(baseURL!, 'panel');
  await e2eQuery(
    `INSERT INTO notifications (user_id, event_key, kind, title, body, created_at)
     SELECT u.id, 'e2e-panel-' || i, 'generic', 'ឯកសារលេខ ' || i || ' រង់ចាំការសម្រេចរបស់លោកអ្នក',
            'សូមពិនិត្យ និងសម្រេចលើឯកសារនេះ មុនកាលកំណត់ ដើម្បីកុំឱ្យការងារយឺតយ៉ាវ។', now() - i * interval '1 minute'
       FROM users u, generate_series(1, 8) i WHERE u.username = $1`,
    [username],
  );
  await signIn(page, username);
  await inEnglish(page);
  await page.getByRole('button', { name: /^Notifications/ }).click();
  const panel = page.locator('.notifications-panel');
  await expect(panel.getByRole('link')).toHaveCount(1); // generic notices lead nowhere: buttons
  await expect(panel.locator('.notification')).toHaveCount(8);
  await expect(panel.getByRole('button', { name: 'Mark all as read' })).toBeInViewport({ ratio: 1 });
  await expect(panel.getByRole('link', { name: 'All notifications' })).toBeInViewport({ ratio: 1 });
  await expect(panel).toBeInViewport({ ratio: 1 });
  await expect(panel.locator('.notification').last()).not.toBeInViewport({ ratio: 1 });
  await panel.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(page.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Mark all as read' })).toHaveCount(0);
});

test('opening the page a notice leads to marks that notice read', async ({ page, baseURL }) => {
  const username = await newPerson(baseURL!, 'page');
  await e2eQuery(
    `INSERT INTO notifications (user_id, event_key, kind, title, body, link)
     SELECT u.id, 'e2e-page-' || l, 'generic', 'Notice about ' || l, 'Open it to read it.', l
       FROM users u, unnest(ARRAY['/settings', '/inbox']) l WHERE u.username = $1`,
    [username],
  );
  await signIn(page, username);
  await inEnglish(page);
  const bell = page.getByRole('button', { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName('Notifications 2 unread');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  await expect(bell).toHaveAccessibleName('Notifications 1 unread');
  await bell.click();
  const panel = page.locator('.notifications-panel');
  await expect(panel.locator('.unread')).toHaveText(/Notice about \/inbox/);
  await expect(panel.locator('.read')).toHaveText(/Notice about \/settings/);
});

test('the header keeps its height whether there is an unread count or not', async ({ page, baseURL }) => {
  const username = await newPerson(baseURL!, 'count');
  // A count of two digits, each notice about the inbox.
  await e2eQuery(
    `INSERT INTO notifications (user_id, event_key, kind, title, body, link)
     SELECT u.id, 'e2e-count-' || i, 'generic', 'Notice ' || i, 'About the inbox.', '/inbox'
       FROM users u, generate_series(1, 12) i WHERE u.username = $1`,
    [username],
  );
  await signIn(page, username);
  const bell = page.getByRole('button', { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName('Notifications 12 unread');
  const header = page.locator('.app-header');
  const withCount = (await header.boundingBox())!.height;
  // Opening the inbox reads them all: the count goes, and the page below must not jump up (the
  // header was 18 px taller while it showed "12").
  await page.getByRole('link', { name: 'Inbox', exact: true }).click();
  await expect(bell).toHaveAccessibleName('Notifications');
  expect((await header.boundingBox())!.height).toBe(withCount);
});

test('a deep link survives a reload, and a signed-out visitor comes back to it after signing in', async ({
  page,
}) => {
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings/);
  await signIn(page, 'staff.sophea');
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.reload();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/login\?next=/);
});

test('an e-mail address emptied, or left as spaces, is said to be removed, not merely saved', async ({
  page,
}) => {
  const emailOf = async () =>
    (await e2eQuery<{ email: string | null }>(`SELECT email FROM users WHERE username = 'official07'`))[0]
      ?.email;
  const before = await emailOf();
  try {
    await page.goto('/login');
    await signIn(page, 'official07');
    await inEnglish(page);
    await page.goto('/settings');
    // A long page on a phone: its sections are linked at the top, the delegation first.
    await expect(page.getByRole('navigation', { name: 'On this page' }).getByRole('link')).toHaveText([
      'Delegation',
      'E-mail',
      'Change password',
      'Where notifications go',
    ]);
    const address = page.getByRole('textbox', { name: 'E-mail address' });
    await address.fill('official07@example.gov.kh');
    await page.getByRole('button', { name: 'Save e-mail' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await address.fill('   ');
    await page.getByRole('button', { name: 'Save e-mail' }).click();
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: 'E-mail address removed: notices no longer come by e-mail.' }),
    ).toBeVisible();
    expect(await emailOf()).toBeNull();
  } finally {
    await e2eQuery(`UPDATE users SET email = $1 WHERE username = 'official07'`, [before]);
  }
});

test('on a Khmer phone the header keeps its height from page to page (the current link is not bolder)', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'km-KH' });
  const page = await context.newPage();
  try {
    await page.goto('/login');
    await page
      .getByRole('combobox', { name: /Language|ភាសា/ })
      .first()
      .selectOption({ label: 'ខ្មែរ' });
    await signIn(page, 'staff.dara', PASSWORD, KM);
    const header = page.locator('.app-header');
    const heights: number[] = [];
    for (const path of ['/', '/documents', '/meetings', '/groups', '/elections']) {
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', 'km');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      heights.push(Math.round((await header.boundingBox())!.height));
    }
    expect(new Set(heights).size).toBe(1);
  } finally {
    await context.close();
  }
});

test('a session ended by a password reset says why, in the user language', async ({ page, baseURL }) => {
  await page.goto('/login');
  await signIn(page, 'head.dig');
  await page
    .getByRole('combobox', { name: /Language|ភាសា/ })
    .first()
    .selectOption({ label: 'ខ្មែរ' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'km');
  // An administrator resets the password: every token of the old one stops working. (Tokens carry
  // whole seconds: one issued in the second of the reset still counts, so the reset comes later.)
  await page.waitForTimeout(1100);
  const token = await adminToken(baseURL!);
  const users = await apiAs<{ items: { id: string; username: string }[] }>(
    baseURL!,
    token,
    'GET',
    '/users?search=head.dig',
  );
  const user = users.items.find((u) => u.username === 'head.dig')!;
  await apiAs(baseURL!, token, 'PATCH', `/users/${user.id}`, {
    password: 'Another@2026',
    mustChangePassword: false,
  });
  await page.getByRole('link', { name: 'ឯកសារ', exact: true }).click();
  await expect(page).toHaveURL(/\/login\?.*expired=1/);
  await expect(page).toHaveURL(/why=password_changed/);
  await expect(page.getByRole('status')).toHaveText(
    'អ្នកត្រូវបានចាកចេញ ដោយសារពាក្យសម្ងាត់នៃគណនីនេះត្រូវបានប្ដូរ។ ប្រសិនបើមិនមែនអ្នកជាអ្នកប្ដូរទេ សូមជូនដំណឹងដល់ក្រុមព័ត៌មានវិទ្យាភ្លាមៗ។',
  );
  await signIn(page, 'head.dig', 'Another@2026', KM);
  await expect(page).toHaveURL(/\/documents$/);
});

test('the public verification page is in Khmer for a Khmer visitor', async ({ page }) => {
  await page.goto('/verify');
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'ខ្មែរ' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ពិនិត្យឯកសារដែលបានចុះហត្ថលេខា');
  await page.getByRole('textbox', { name: 'លេខកូដផ្ទៀងផ្ទាត់' }).fill('ABCD-EFGH-JKMN-PQRS');
  await page.getByRole('button', { name: 'ពិនិត្យ' }).click();
  await expect(page.getByText('រកមិនឃើញ', { exact: true })).toBeVisible();
  await expectNoSideScroll(page);
  await expectAccessible(page);
  await screenshot(page, 'verify-not-found-km');
});

test('the login and verification pages are readable without script; the verification form works without it', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'km-KH' });
  const page = await context.newPage();
  try {
    await page.goto('/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'km');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ចូលប្រើ');
    await expect(page.getByRole('textbox', { name: KM.username })).toBeVisible();
    // The Khmer font is there before any script: the styles come inline with the page.
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain(
      'Noto Sans Khmer',
    );
    await page.goto('/verify/ABCD-EFGH-JKMN-PQRS');
    await expect(page.getByText('រកមិនឃើញ', { exact: true })).toBeVisible();
    await page.getByRole('textbox', { name: 'លេខកូដផ្ទៀងផ្ទាត់' }).fill('ABCD-EFGH-JKMN-PQRT');
    await page.getByRole('button', { name: 'ពិនិត្យ' }).click();
    await expect(page).toHaveURL(/\/verify\/ABCD-EFGH-JKMN-PQRT$/);
    await expect(page.getByText('រកមិនឃើញ', { exact: true })).toBeVisible();
  } finally {
    await context.close();
  }
});

test('the app takes over the rendered login page without a jump, keeping what was typed before it arrived', async ({
  page,
}) => {
  // The app's code is held back, as on a slow network, while the visitor starts typing.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/app-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.addInitScript(() => {
    // Every shift, with what moved (for the failure message).
    type Shift = PerformanceEntry & {
      value: number;
      sources: { node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
    };
    const w = window as unknown as { shifts: { value: number; at: number; moved: string[] }[] };
    w.shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Shift[])
        w.shifts.push({
          value: entry.value,
          at: Math.round(entry.startTime),
          moved: entry.sources.map(
            (s) =>
              `${s.node?.nodeName ?? '?'}${s.node instanceof Element && s.node.className ? `.${s.node.className}` : ''} ` +
              `${JSON.stringify(s.previousRect)} -> ${JSON.stringify(s.currentRect)}`,
          ),
        });
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto('/login', { waitUntil: 'domcontentloaded' });
  await page.getByRole('textbox', { name: 'Username' }).fill('staff.sophea');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  // Signing in needs the app: until it is there, the button waits.
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  release();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await expect(page.getByRole('textbox', { name: 'Username' })).toHaveValue('staff.sophea');
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  const shifts = await page.evaluate(
    () => (window as unknown as { shifts: { value: number; at: number; moved: string[] }[] }).shifts,
  );
  const total = shifts.reduce((sum, s) => sum + s.value, 0);
  expect(total, JSON.stringify(shifts, null, 1)).toBeLessThan(0.01);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login/);
});
