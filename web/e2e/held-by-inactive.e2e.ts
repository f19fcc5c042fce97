import { expect, test } from '@playwright/test';
import { adminToken, apiAs, as, expectSaid, pick, tokenOf } from './helpers';

const S = Date.now().toString(36);
const TYPE = `e2e-held-${S}`;
const TITLE = `Letter for a leaving approver ${S}`;
const LEAVING = `leaving.${S}`;
const NAME = `Leaving Approver ${S}`;

/**
 * An approver's account is closed while a task waits on them, days before its deadline: the
 * administrator is told on disabling that such approvals go to Stuck approvals, and finds it there at
 * once (a walk found "Nothing is stuck" until the deadline had passed).
 */
test.beforeAll(async ({ baseURL }) => {
  const base = baseURL!;
  const admin = await adminToken(base);
  const leaving = await apiAs<{ id: string }>(base, admin, 'POST', '/users', {
    username: LEAVING,
    password: 'Leaving@2026x',
    fullName: NAME,
  });
  await apiAs(base, admin, 'POST', '/workflows', {
    name: `Held ${S}`,
    documentType: TYPE,
    stages: [
      { name: 'Leaving office head', mode: 'any', slaHours: 120, approvers: [{ userId: leaving.id }] },
    ],
  });
  const staff = await tokenOf(base, 'staff.sophea');
  const { id } = await apiAs<{ id: string }>(base, staff, 'POST', '/documents', {
    title: TITLE,
    documentType: TYPE,
    body: TITLE,
  });
  await apiAs(base, staff, 'POST', `/documents/${id}/submit`, {});
});

test('a task held by a disabled account is stuck at once, and the administrator gives it to someone', async ({
  browser,
}) => {
  await as(browser, 'admin', async (page) => {
    await page.goto('/admin/users');
    await page.getByRole('searchbox', { name: 'Find a user' }).fill(LEAVING);
    await page.getByRole('button', { name: `Disable ${NAME}` }).click();
    const dialog = page.getByRole('dialog', { name: `Disable the account of ${NAME} (${LEAVING})?` });
    await expect(dialog).toContainText('Approvals waiting on them are listed under Stuck approvals');
    await dialog.getByRole('button', { name: 'Disable the account' }).click();

    await page.goto('/admin');
    await expect(page.locator('#admin-stuck-count')).toContainText(/[1-9]\d* held by a closed account/);
    await page.getByRole('link', { name: 'Stuck approvals' }).click();
    const held = page.getByRole('region', { name: 'Held by an account that cannot sign in' });
    const item = held.getByRole('listitem').filter({ hasText: TITLE });
    await expect(item.getByText(`Waiting on ${NAME}, whose account is disabled`)).toBeVisible();
    // Not past its deadline: the overdue list does not have it.
    await expect(
      page
        .getByRole('region', { name: 'Past their deadline' })
        .getByRole('listitem')
        .filter({ hasText: TITLE }),
    ).toHaveCount(0);
    await item.getByRole('button', { name: `Reassign “${TITLE}”` }).click();
    const reassign = item.getByRole('form', { name: `Reassign “${TITLE}”` });
    await pick(reassign, 'New approver', 'head.dig');
    await reassign
      .getByRole('textbox', { name: 'Reason' })
      .fill('His account is closed: he left the ministry');
    await reassign.getByRole('button', { name: 'Reassign', exact: true }).click();
    await expectSaid(page, `“${TITLE}” now waits on Ouk Bopha, who has been told why.`);
    await expect(held.getByRole('listitem').filter({ hasText: TITLE })).toHaveCount(0);
  });
  await as(browser, 'head.dig', async (page) => {
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await expect(page.getByRole('link', { name: TITLE })).toBeVisible();
  });
});
