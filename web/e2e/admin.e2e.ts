import { expect, test } from '@playwright/test';
import {
  expectAccessible,
  expectSaid,
  expectNoSideScroll,
  fileOf,
  inEnglish,
  screenshot,
  signIn,
  signInAsAdmin,
  unfold,
} from './helpers';

/**
 * Administration in the browser: a member never loads it; the administrator creates a user, resets
 * their password and disables them, browses units and posts, imports association members from a CSV
 * with a bad row and reads the row-by-row report, reads who did what in the audit log (the account's
 * disabling) and verifies it, finds the queue dashboard.
 */
test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });

const USERNAME = `new.official${Date.now() % 100000}`;

test('a member cannot open the admin pages, and their browser never loads them', async ({ page }) => {
  const loaded: string[] = [];
  page.on('request', (r) => loaded.push(r.url()));
  await page.goto('/login');
  await signIn(page, 'staff.sophea');
  await inEnglish(page);
  await expect(page.getByRole('link', { name: 'Administration' })).toHaveCount(0);
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  expect(loaded.filter((u) => /\/assets\/admin-|\/api\/v1\/users\?/.test(u))).toEqual([]);
});

test('the administrator creates a user, resets the password and disables the account', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByRole('link', { name: 'Administration' }).first().click();
  await expect(page.getByRole('link', { name: 'Queue dashboard' })).toHaveAttribute('href', '/admin/queues');
  // The dashboard opens for the signed-in administrator (its cookie is set first), not a 401.
  const dashboard = page.waitForResponse((r) => new URL(r.url()).pathname === '/admin/queues');
  await page.getByRole('link', { name: 'Queue dashboard' }).click();
  expect((await dashboard).status()).toBe(200);
  await expect(page).toHaveURL(/\/admin\/queues$/);
  await expect(page.locator('body')).not.toContainText('UNAUTHENTICATED');
  await page.goBack();
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'New user' }).click();
  // Opened, the form has the focus (it fell back to the page).
  await expect(page.getByRole('textbox', { name: 'Username' })).toBeFocused();
  await page.getByRole('textbox', { name: 'Username' }).fill(USERNAME);
  await page.getByRole('textbox', { name: 'Full name', exact: true }).fill('Keo Sokun');
  await page.getByRole('textbox', { name: 'Full name in Khmer' }).fill('កែវ សុគន្ធ');
  await page.getByLabel('Password', { exact: true }).fill('Start@2026x');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Create user' }).click();
  // Said where the form was, with the focus there, and so in view (it was a screen above).
  await expect(await expectSaid(page, `User ${USERNAME} created.`)).toBeInViewport();
  await page.getByRole('searchbox', { name: 'Find a user' }).fill(USERNAME);
  await expect(page.getByText(`Keo Sokun (${USERNAME})`)).toBeVisible();
  await page.getByRole('button', { name: 'Reset password of Keo Sokun' }).click();
  await page.getByLabel('New password').fill('Another@2026x');
  await page.getByRole('button', { name: 'Save password' }).click();
  await expect(page.getByText('The password is reset.')).toBeVisible();
  await page.getByRole('button', { name: 'Disable Keo Sokun' }).click();
  await page
    .getByRole('dialog', { name: `Disable the account of Keo Sokun (${USERNAME})?` })
    .getByRole('button', { name: 'Disable the account' })
    .click();
  await expect(page.getByRole('button', { name: 'Enable Keo Sokun' })).toBeVisible();
  await expectNoSideScroll(page);
  await expectAccessible(page);
  await screenshot(page, 'admin-users-en');

  await page.goto('/admin/org-units');
  await expect(page.getByRole('heading', { level: 1, name: 'Units and posts' })).toBeVisible();
  await page.locator('summary').first().click();
  await expect(page.locator('details[open] li').first()).toBeVisible();
  await expectNoSideScroll(page);
  await expectAccessible(page);

  // Who disabled the account: the activity names what happened, who did it, whose account, and what changed.
  await page.goto('/admin/audit');
  await page.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'Account changed' });
  const activity = page.getByRole('list', { name: 'Activity' });
  const disabled = activity.getByRole('listitem').filter({ hasText: 'About: Keo Sokun' }).first();
  await expect(disabled).toContainText('Account disabled');
  await expect(disabled).toContainText('Administrator');
  await disabled.getByText('Details').click();
  await expect(disabled.locator('pre')).toContainText('"status": "disabled"');
  // What one person did: the administrator's own entries only.
  await page.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'All kinds' });
  await page.getByRole('searchbox', { name: 'Person: search by name or username' }).fill(USERNAME);
  await page
    .getByRole('combobox', { name: 'Person', exact: true })
    .selectOption({ label: `Keo Sokun (${USERNAME})` });
  await expect(page.getByRole('status').filter({ hasText: 'Nothing recorded matches.' })).toBeVisible();
  await page.getByRole('button', { name: "Everyone's activity" }).click();
  await expect(activity.getByRole('listitem').first()).toBeVisible();
  await expectNoSideScroll(page);
  await expectAccessible(page);
  await screenshot(page, 'admin-activity-en');
  await page.getByRole('button', { name: 'Verify the audit log' }).click();
  await expect(page.getByText(/^The audit log is intact/)).toBeVisible();
});

test('the administrator imports members from a CSV with a bad row and reads the report', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/admin/associations');
  const csv = [
    'username,status,memberNo,joinedOn,role',
    `${USERNAME},retired,R-901,2020-01-15,member`,
    'nobody.here,active,,,',
  ].join('\n');
  const form = await unfold(page, 'Import members from CSV');
  await form.getByLabel('CSV file').setInputFiles({ ...fileOf('members.csv', csv), mimeType: 'text/csv' });
  await form.getByRole('button', { name: 'Import' }).click();
  // The good row goes in; the bad one is reported, line by line.
  await expect(form.getByText('1 imported, 0 already members, 1 rejected.')).toBeVisible();
  const report = form.getByRole('table', { name: 'Row-by-row report' });
  await expect(report.getByRole('row')).toHaveCount(3);
  const bad = report.getByRole('row', { name: /nobody\.here/ });
  await expect(bad.getByRole('cell').first()).toHaveText('3');
  await expect(bad.getByRole('cell').nth(2)).toHaveText('Rejected');
  await expect(form.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  await expectNoSideScroll(page);
  await expectAccessible(page);
  await screenshot(page, 'admin-import-en');
  // The same file again: nothing twice; the member already there is reported as such.
  await form
    .getByLabel('CSV file')
    .setInputFiles({ ...fileOf('members-again.csv', csv), mimeType: 'text/csv' });
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByText('0 imported, 1 already a member, 1 rejected.')).toBeVisible();
});
