import { expect, test } from '@playwright/test';
import {
  adminToken,
  apiAs,
  expectAccessible,
  inEnglish,
  inKhmer,
  newPerson,
  signIn,
  signInAsAdmin,
} from './helpers';

/**
 * The administrator's list of users past its first page, disabling an account only after saying
 * whom, never their own; and the queue dashboard opened by its address. Each test signs in on its
 * own (the demo ministry has more than 50 people: official01..official40 and the named staff).
 */
test.use({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });

test('the users list shows the next page on "Show more", and search still narrows it', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/admin/users');
  const list = page.getByRole('list', { name: 'Users' });
  await expect(list.getByRole('listitem')).toHaveCount(50);
  // Sorted by username: uss.ly comes after the first 50.
  await expect(page.getByText('(uss.ly)')).toHaveCount(0);
  await page.getByRole('button', { name: 'Show more' }).click();
  await expect(page.getByText('(uss.ly)')).toBeVisible();
  expect(await list.getByRole('listitem').count()).toBeGreaterThan(50);
  await expect(page.getByRole('button', { name: 'Show more' })).toHaveCount(0);
  await expect(page.getByText(/^All \d+ users are shown\.$/)).toBeVisible();

  // The demo's 40 officials (other files may add a few more): one page, all of them matching.
  await page.getByRole('searchbox', { name: 'Find a user' }).fill('official');
  await expect(page.getByText('(uss.ly)')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Show more' })).toHaveCount(0);
  const found = await list.getByRole('listitem').locator('.item-title').allInnerTexts();
  expect(found.length).toBeGreaterThanOrEqual(40);
  expect(found.length).toBeLessThan(50);
  expect(found.filter((name) => !name.includes('official'))).toEqual([]);
  await expect(page.getByText(`${found.length} users match “official”.`)).toBeVisible();
  await expectAccessible(page);
});

test('disabling asks first, naming the person; the administrator’s own row has no Disable', async ({
  page,
  baseURL,
}) => {
  // A person of this test's own: the demo's people are other stories' voters and approvers.
  const { username } = await newPerson(baseURL!, 'leaving', 'Ouk Leaving', 'Leaving@2026');
  await signInAsAdmin(page);
  await page.goto('/admin/users');
  await page.getByRole('searchbox', { name: 'Find a user' }).fill(username);
  await page.getByRole('button', { name: 'Disable Ouk Leaving' }).click();
  const dialog = page.getByRole('dialog', { name: `Disable the account of Ouk Leaving (${username})?` });
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  // Cancel: nothing changes.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Enable Ouk Leaving' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Disable Ouk Leaving' }).click();
  await dialog.getByRole('button', { name: 'Disable the account' }).click();
  await expect(page.getByRole('button', { name: 'Enable Ouk Leaving' })).toBeVisible();
  // Said as what it did, not a bare "Saved.".
  await expect(page.getByText('The account is disabled: its sign-ins ended.')).toBeVisible();

  // The administrator's own row: no way to lock themselves out.
  await page.getByRole('searchbox', { name: 'Find a user' }).fill('admin');
  const own = page.getByRole('listitem').filter({ hasText: 'Administrator (admin)' });
  await expect(own).toBeVisible();
  await expect(own.getByText('This is you')).toBeVisible();
  await expect(own.getByRole('button', { name: /^Disable / })).toHaveCount(0);
});

test('an administrator who types /admin/queues gets the dashboard, not a JSON 401', async ({ page }) => {
  await page.goto('/login');
  await signIn(page, 'admin', 'Admin@2026');
  await page.goto('/admin/queues');
  await expect(page).toHaveURL(/\/admin\/queues$/);
  await expect(page.locator('body')).not.toContainText('UNAUTHENTICATED');
  await expect(page.getByText('MWF queues').first()).toBeVisible();
});

test('a member who types /admin/queues gets "Page not found"; an anonymous visitor the sign-in page', async ({
  page,
}) => {
  await page.goto('/admin/queues');
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, 'staff.sophea');
  await inEnglish(page);
  await page.goto('/admin/queues');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText('statusCode');
});

test('the units page names kinds of post in words; the workflow editor says how many people a list holds', async ({
  page,
}) => {
  await signInAsAdmin(page);
  await page.goto('/admin/org-units');
  // The ministry's own unit: the minister holds its head post.
  await page.locator('summary', { hasText: '(MPTC)' }).click();
  await expect(page.getByText('(Head)', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('(head)', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^End the appointment of .+ as .+$/ }).first()).toBeVisible();
  await page
    .getByRole('button', { name: /^Add a post to / })
    .first()
    .click();
  await expect(page.getByRole('searchbox', { name: 'Holder: search by name or username' })).toBeVisible();

  await page.goto('/admin/workflows/new');
  const stage1 = page.getByRole('group', { name: 'Stage 1' });
  const search = stage1.getByRole('searchbox', { name: 'Escalate to: search by name or username' });
  const more = stage1.getByText(/^Only the first \d+ people are listed: search to find others\.$/).first();
  await expect(more).toBeVisible();
  await search.fill('adm');
  await expect(
    stage1.getByRole('combobox', { name: 'Escalate to' }).locator('option', { hasText: 'head.adm' }),
  ).toHaveCount(1);
  await expect(more).toHaveCount(0);
  await expectAccessible(page);
});

test('the Khmer audit page says hash in Khmer, and its verdict keeps off its box’s edge', async ({
  page,
}) => {
  await page.goto('/login');
  await signIn(page, 'admin', 'Admin@2026');
  await inKhmer(page);
  await page.goto('/admin/audit');
  await expect(page.getByRole('heading', { level: 2, name: 'សកម្មភាព' })).toBeVisible();
  await expect(
    page.getByRole('combobox', { name: 'ប្រភេទ' }).locator('option', { hasText: /^បានដាក់ស្នើឯកសារ$/ }),
  ).toHaveCount(1);
  await expect(page.getByText(/ខ្សែសង្វាក់តម្លៃបំប្លែង \(hash\)/)).toBeVisible();
  await page.getByRole('button', { name: 'ផ្ទៀងផ្ទាត់កំណត់ត្រាសវនកម្ម' }).click();
  const verdict = page.getByText(/^កំណត់ត្រាសវនកម្មនៅដដែល/);
  await expect(verdict).toBeVisible();
  const padding = await verdict.evaluate((el) => parseFloat(getComputedStyle(el).paddingLeft));
  expect(padding).toBeGreaterThanOrEqual(8);
  await expectAccessible(page);
});

test('the password fields an administrator fills say the rule; the person is asked to choose their own unless told otherwise', async ({
  page,
}) => {
  await signInAsAdmin(page);
  await page.goto('/admin/users');
  const rule = 'At least 8 characters. Give it to the person privately.';
  const mustChange = 'Ask them to choose their own password when they first sign in';
  await page.getByRole('button', { name: 'New user' }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(rule);
  await expect(page.getByRole('checkbox', { name: mustChange })).toBeChecked();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('searchbox', { name: 'Find a user' }).fill('official03');
  await page.getByRole('button', { name: /^Reset password of / }).click();
  await expect(page.getByLabel('New password')).toHaveAccessibleDescription(rule);
  await expect(page.getByRole('checkbox', { name: mustChange })).toBeChecked();
});

test('a new user’s form says the username rule, names the field the server refused, and forgets the last success', async ({
  page,
}) => {
  await signInAsAdmin(page);
  await page.goto('/admin/users');
  await page.getByRole('button', { name: 'New user' }).click();
  const username = page.getByLabel('Username', { exact: true });
  await expect(username).toHaveAccessibleDescription(/^3 to 64 characters: letters, digits/);
  // The browser refuses what the server would, before sending it.
  await username.fill('bad user!');
  expect(await username.evaluate((el: HTMLInputElement) => el.validity.patternMismatch)).toBe(true);
  await expect(page.getByLabel('Full name', { exact: true })).toHaveAttribute('maxlength', '200');

  // Past the browser's check (as a browser that does not know `pattern` would send it), the
  // server refuses it, and the message names the field by its label.
  await username.evaluate((el: HTMLInputElement) => el.removeAttribute('pattern'));
  await page.getByLabel('Full name', { exact: true }).fill('Keo Newcomer');
  await page.getByLabel('Password', { exact: true }).fill('Newcomer@2026');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Some of what was entered is not valid. Check the fields and try again. (Username)',
  );
  // The field is marked, described by the message (then by its rule), and has the focus.
  await expect(username).toHaveAttribute('aria-invalid', 'true');
  await expect(username).toHaveAccessibleDescription(
    /^Some of what was entered is not valid\..*3 to 64 characters/,
  );
  await expect(username).toBeFocused();
  await expect(page.getByLabel('Full name', { exact: true })).not.toHaveAttribute('aria-invalid');
  const name = `newcomer${Date.now() % 100000}`;
  await username.fill(name);
  // The checkbox sits on its words' line, not a text box's height above them.
  const admin = page.getByRole('checkbox', { name: 'Administrator' });
  expect((await admin.boundingBox())!.height).toBeLessThan(30);

  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByText(`User ${name} created.`)).toBeVisible();
  await page.getByRole('button', { name: 'New user' }).click();
  await expect(page.getByText(`User ${name} created.`)).toHaveCount(0);
});

test('the audit log titles a password reset, a disabled account and a refused sign-in to it as what they were', async ({
  page,
  baseURL,
}) => {
  const user = await newPerson(baseURL!, 'audited', 'Chan Audited', 'Audited@2026');
  const username = user.username;
  const token = await adminToken(baseURL!);
  await apiAs(baseURL!, token, 'PATCH', `/users/${user.id}`, { password: 'Audited@2027' });
  await apiAs(baseURL!, token, 'PATCH', `/users/${user.id}`, { status: 'disabled' });
  const refused = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Audited@2027' }),
  });
  expect(refused.status).toBe(403);

  await signInAsAdmin(page);
  await page.goto('/admin/audit');
  const entries = page.getByRole('list', { name: 'Activity' });
  const about = entries.getByRole('listitem').filter({ hasText: 'Chan Audited' });
  await expect(about.filter({ hasText: 'Password reset by an administrator' })).toHaveCount(1);
  await expect(about.filter({ hasText: 'Account disabled' })).toHaveCount(1);
  await expect(about.filter({ hasText: 'Sign-in refused: the account is disabled' })).toHaveCount(1);
});

test('a holder search that finds nobody says so', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/admin/org-units');
  await page.locator('summary', { hasText: '(MPTC)' }).click();
  await page
    .getByRole('button', { name: /^Add a post to / })
    .first()
    .click();
  await page.getByRole('searchbox', { name: 'Holder: search by name or username' }).fill('zz-nobody-zz');
  await expect(
    page.getByText(
      'Nobody who can act now matches “zz-nobody-zz” (disabled and retired accounts are not listed).',
    ),
  ).toBeVisible();
});
