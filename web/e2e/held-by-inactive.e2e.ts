import { expect, test } from '@playwright/test';
import { adminToken, apiAs, as, expectSaid, pick, signIn, tokenOf } from './helpers';

const S = Date.now().toString(36);
const TYPE = `e2e-held-${S}`;
const TITLE = `Letter for a leaving approver ${S}`;
const LEAVING = `leaving.${S}`;
const NAME = `Leaving Approver ${S}`;
const NEXT = `next.${S}`;
const NEXT_NAME = `Next Approver ${S}`;
const NEXT_PASSWORD = 'Next@2026approver';

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
  // Who decides in the leaving approver's place (a demo account's password another test may change),
  // a colleague of a unit as the administrator's picker offers.
  const unit = await apiAs<{ id: string }>(base, admin, 'POST', '/org-units', {
    code: `H${S}`.toUpperCase(),
    name: `Handover office ${S}`,
  });
  await apiAs(base, admin, 'POST', '/users', {
    orgUnitId: unit.id,
    username: NEXT,
    password: NEXT_PASSWORD,
    fullName: NEXT_NAME,
    locale: 'en',
    mustChangePassword: false,
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
  // The worker routes the first stage after the submission commits: the task is the leaving
  // approver's before their account is closed.
  await expect
    .poll(async () => {
      const doc = await apiAs<{ stages: { tasks: unknown[] }[] }>(base, staff, 'GET', `/documents/${id}`);
      return doc.stages[0]?.tasks.length ?? 0;
    })
    .toBeGreaterThan(0);
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
    await pick(reassign, 'New approver', NEXT);
    await reassign
      .getByRole('textbox', { name: 'Reason' })
      .fill('His account is closed: he left the ministry');
    await reassign.getByRole('button', { name: 'Reassign', exact: true }).click();
    await expectSaid(page, `“${TITLE}” now waits on ${NEXT_NAME}, who has been told why.`);
    await expect(held.getByRole('listitem').filter({ hasText: TITLE })).toHaveCount(0);
  });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto('/login');
    await signIn(page, NEXT, NEXT_PASSWORD);
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await expect(page.getByRole('link', { name: TITLE })).toBeVisible();
  } finally {
    await context.close();
  }
  // The submitter reads on the route from whom it went, and why.
  await as(browser, 'staff.sophea', async (page) => {
    await page.getByRole('link', { name: 'Documents', exact: true }).click();
    await page.getByRole('link', { name: TITLE }).click();
    await expect(
      page.getByText(
        `Given to ${NEXT_NAME} in place of ${NAME} by an administrator. Why: “His account is closed: he left the ministry”`,
      ),
    ).toBeVisible();
  });
});
