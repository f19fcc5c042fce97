import { expect, test } from '@playwright/test';
import {
  adminToken,
  apiAs,
  as,
  e2eQuery,
  expectAccessible,
  expectNoSideScroll,
  expectSaid,
  inKhmer,
  pick,
  tokenOf,
} from './helpers';

const S = Date.now().toString(36);
const TYPE = `e2e-stuck-${S}`;
const OVERDUE = `Overdue letter ${S}`;
const BLOCKED = `Letter to a vacant office ${S}`;

type Doc = {
  id: string;
  status: string;
  request: { status: string } | null;
  stages: { tasks: { id: string }[] }[];
};

/**
 * Two documents of a type of their own, routed first to head.sys, then to the head of a new unit
 * whose head left yesterday: one left at its first stage past its deadline, one approved there and so
 * blocked at the second.
 */
test.beforeAll(async ({ baseURL }) => {
  const base = baseURL!;
  const admin = await adminToken(base);
  const userId = async (username: string) =>
    (
      await apiAs<{ items: { id: string; username: string }[] }>(
        base,
        admin,
        'GET',
        `/users?search=${username}`,
      )
    ).items.find((u) => u.username === username)!.id;
  const unit = await apiAs<{ id: string }>(base, admin, 'POST', '/org-units', {
    code: `V${S}`.toUpperCase(),
    name: `Vacant office ${S}`,
  });
  // Headed when the template is saved (a template that routes to nobody is refused), until yesterday.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const post = await apiAs<{ id: string }>(base, admin, 'POST', `/org-units/${unit.id}/posts`, {
    title: 'Head of the office',
    kind: 'head',
    userId: await userId('official13'),
    from: day(-10),
  });
  await apiAs(base, admin, 'POST', '/workflows', {
    name: `Stuck approvals ${S}`,
    documentType: TYPE,
    stages: [
      { name: 'Office head', mode: 'any', slaHours: 24, approvers: [{ userId: await userId('head.sys') }] },
      { name: 'Vacant office head', mode: 'any', approvers: [{ orgUnitId: unit.id, post: 'head' }] },
    ],
  });
  await apiAs(base, admin, 'POST', `/org-units/${unit.id}/posts/${post.id}/end`, { to: day(-1) });
  const staff = await tokenOf(base, 'staff.sophea');
  const headSys = await tokenOf(base, 'head.sys');
  const submitted = async (title: string) => {
    const { id } = await apiAs<{ id: string }>(base, staff, 'POST', '/documents', {
      title,
      documentType: TYPE,
      body: title,
    });
    await apiAs(base, staff, 'POST', `/documents/${id}/submit`, {});
    // The worker routes the first stage after the submission commits.
    await expect
      .poll(
        async () => (await apiAs<Doc>(base, staff, 'GET', `/documents/${id}`)).stages[0]?.tasks.length ?? 0,
      )
      .toBeGreaterThan(0);
    return apiAs<Doc>(base, staff, 'GET', `/documents/${id}`);
  };
  const overdue = await submitted(OVERDUE);
  // Its deadline passed (a day is long for a test).
  await e2eQuery(`UPDATE approval_tasks SET due_at = now() - interval '2 hours' WHERE document_id = $1`, [
    overdue.id,
  ]);
  const blocked = await submitted(BLOCKED);
  await apiAs(base, headSys, 'POST', `/approval-tasks/${blocked.stages[0]!.tasks[0]!.id}/approve`, {});
  await expect
    .poll(async () => (await apiAs<Doc>(base, staff, 'GET', `/documents/${blocked.id}`)).request?.status)
    .toBe('blocked');
});

test('an administrator hands an overdue task to someone else and routes a blocked stage', async ({
  browser,
}) => {
  await as(browser, 'admin', async (page) => {
    await page.goto('/admin');
    // The administration's start says how many wait on an administrator (this test made one of each).
    await expect(page.locator('#admin-stuck-count')).toHaveText(
      /^[1-9]\d* with nobody to approve( · [1-9]\d*\+? held by a closed account)? · [1-9]\d*\+? past their deadline$/,
    );
    await page.getByRole('link', { name: 'Stuck approvals' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Stuck approvals' })).toBeVisible();

    const late = page.getByRole('region', { name: 'Past their deadline' });
    const lateItem = late.getByRole('listitem').filter({ hasText: OVERDUE });
    await expect(lateItem.getByText(/^Waiting on Prak Sokha; it was due /)).toBeVisible();
    await expect(lateItem.getByText('Stage: Office head')).toBeVisible();
    await lateItem.getByRole('button', { name: `Reassign “${OVERDUE}”` }).click();
    const reassign = lateItem.getByRole('form', { name: `Reassign “${OVERDUE}”` });
    // Open, the button that opened the form closes it.
    await expect(lateItem.getByRole('button', { name: `Cancel reassigning “${OVERDUE}”` })).toHaveText(
      'Cancel',
    );
    // Neither the one who holds it nor the submitter is offered (the server would refuse them).
    const picker = reassign.getByRole('combobox', { name: 'New approver', exact: true });
    for (const holder of ['head.sys', 'staff.sophea']) {
      await reassign
        .getByRole('searchbox', { name: 'New approver: search by name or username' })
        .fill(holder);
      // Enter searches; it does not send the form.
      await reassign
        .getByRole('searchbox', { name: 'New approver: search by name or username' })
        .press('Enter');
      await expect(picker.locator('option', { hasText: `(${holder})` })).toHaveCount(0);
    }
    await expect(lateItem.getByRole('alert')).toHaveCount(0);
    // Not without a reason, nor with spaces only: the form asks for one.
    await pick(reassign, 'New approver', 'official12');
    await reassign.getByRole('button', { name: 'Reassign', exact: true }).click();
    const reason = reassign.getByRole('textbox', { name: 'Reason' });
    await expect(reason).toBeFocused();
    await reason.fill('   ');
    await reassign.getByRole('button', { name: 'Reassign', exact: true }).click();
    await expect(reason).toBeFocused();
    expect(await reason.evaluate((el: HTMLTextAreaElement) => el.validationMessage)).toBe(
      'Please fill out this field.',
    );
    await expect(lateItem.getByRole('alert')).toHaveCount(0);
    await reason.fill('Away on mission until Monday');
    await reassign.getByRole('button', { name: 'Reassign', exact: true }).click();
    await expectSaid(page, `“${OVERDUE}” now waits on Seng Vuthy, who has been told why.`);
    // The new approver has the stage's full time: the task is no longer overdue.
    await expect(late.getByRole('listitem').filter({ hasText: OVERDUE })).toHaveCount(0);

    const nobody = page.getByRole('region', { name: 'Nobody to approve' });
    const stuck = nobody.getByRole('listitem').filter({ hasText: BLOCKED });
    await expect(stuck.getByText('Stage: Vacant office head')).toBeVisible();
    await stuck.getByRole('button', { name: `Route “${BLOCKED}” to someone` }).click();
    const route = stuck.getByRole('form', { name: `Route “${BLOCKED}” to someone` });
    // To the submitter: refused, the field named as the form names it; Cancel takes the refusal away.
    await pick(route, 'New approver', 'staff.sophea');
    await route.getByRole('textbox', { name: 'Reason' }).fill('Nobody else');
    await route.getByRole('button', { name: 'Route', exact: true }).click();
    await expect(stuck.getByRole('alert')).toHaveText(/\(New approver\)$/);
    await stuck.getByRole('button', { name: `Cancel routing “${BLOCKED}”` }).click();
    await expect(stuck.getByRole('alert')).toHaveCount(0);
    await stuck.getByRole('button', { name: `Route “${BLOCKED}” to someone` }).click();
    await expect(route.getByRole('textbox', { name: 'Reason' })).toHaveValue('');
    await pick(route, 'New approver', 'head.adm');
    await route.getByRole('textbox', { name: 'Reason' }).fill('The office has no head yet');
    await route.getByRole('button', { name: 'Route', exact: true }).click();
    await expectSaid(page, `“${BLOCKED}” now waits on`);
    await expect(nobody.getByRole('listitem').filter({ hasText: BLOCKED })).toHaveCount(0);
    await expectAccessible(page);
    await expectNoSideScroll(page);

    await inKhmer(page);
    await expect(page.getByRole('heading', { level: 1, name: 'ការអនុម័តដែលជាប់គាំង' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'ហួសកាលកំណត់' })).toBeVisible();
    await expectNoSideScroll(page);
  });

  // Each new approver finds the document in their inbox; its notice says who gave it and why.
  await as(browser, 'official12', async (page) => {
    await page.goto('/inbox');
    const item = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: OVERDUE }) });
    await expect(item).toBeVisible();
    await expect(item).not.toContainText('Overdue since');
    await expect(item).toContainText(/due \d/);
    await page.getByRole('button', { name: /^Notifications/ }).click();
    await expect(page.getByText('Away on mission until Monday').first()).toBeVisible();
  });
  await as(browser, 'head.adm', async (page) => {
    await page.goto('/inbox');
    await expect(page.getByRole('link', { name: BLOCKED })).toBeVisible();
  });
  // The one who no longer holds it does not find it there.
  await as(browser, 'head.sys', async (page) => {
    await page.goto('/inbox');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: OVERDUE })).toHaveCount(0);
    // ... and hears where it went, and why.
    await page.getByRole('button', { name: /^Notifications/ }).click();
    await expect(page.getByText(`gave "${OVERDUE}" at stage "Office head" to Seng Vuthy`)).toBeVisible();
  });
});

test('only administrators have the page', async ({ browser }) => {
  await as(browser, 'head.sys', async (page) => {
    await page.goto('/admin/approvals');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  });
});
