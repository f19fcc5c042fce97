import { expect, test } from '@playwright/test';
import { apiAs, as, e2eQuery, expectSaid, letterAtDirector, tokenOf } from './helpers';

/**
 * A director back early revokes the delegation, and what still waited with the deputy for them is
 * in their inbox to decide (a new user's walk found it left with the deputy, the director unable to
 * act, although the page said "your approvals come to you again").
 */
test.use({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });

const base = () => process.env.E2E_BASE_URL!;

test('revoking a delegation brings back what waits with the delegate', async ({ browser }) => {
  // To the head of the digital office: other files leave the director's delegations to his deputy
  // in place, and one of those, still holding, would rightly keep the letter with the deputy.
  const [delegate] = await e2eQuery<{ id: string }>(`SELECT id FROM users WHERE username = 'head.dig'`);
  const directorToken = await tokenOf(base(), 'dir.ict');
  const delegation = await apiAs<{ id: string }>(base(), directorToken, 'POST', '/delegations', {
    toUserId: delegate!.id,
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    documentTypes: ['letter'],
  });
  let revoked = false;
  try {
    // A letter the head of office approves: its director's stage goes to his delegate, acting for him.
    const title = `Back from leave ${Date.now()}`;
    const { doc, directorTask } = await letterAtDirector(base(), title);
    expect(directorTask.assignee_id).toBe(delegate!.id);

    await as(browser, 'dir.ict', async (page) => {
      await page.goto('/inbox');
      await expect(page.getByRole('link', { name: title })).toHaveCount(0);
      await page.goto('/settings');
      const rows = page.getByRole('list', { name: 'Your delegations' }).getByRole('listitem');
      await rows
        .filter({ hasText: /^Ouk Bopha, from .* · only Letter/ })
        .getByRole('button', { name: 'Revoke the delegation to Ouk Bopha' })
        .click();
      await page
        .getByRole('dialog', { name: 'Revoke the delegation to Ouk Bopha?' })
        .getByRole('button', { name: 'Revoke', exact: true })
        .click();
      revoked = true;
      const said = await expectSaid(
        page,
        'The delegation is revoked: the document that waited for your delegate under it is back in your inbox.',
      );
      await said.getByRole('link', { name: 'Open the inbox' }).click();
      await expect(page).toHaveURL(/\/inbox$/);
      await page.getByRole('link', { name: title }).click();
      // The route says it changed hands.
      await expect(
        page.getByText(
          'Meas Visal took this back from Ouk Bopha, their delegate, on revoking the delegation.',
        ),
      ).toBeVisible();
      await page.getByRole('button', { name: 'Approve' }).click();
      await expectSaid(page, 'You approved this document.');
    });
    const [task] = await e2eQuery<{ status: string; acting_for_id: string | null }>(
      `SELECT t.status, t.acting_for_id FROM approval_tasks t JOIN users u ON u.id = t.assignee_id
        WHERE t.document_id = $1 AND u.username = 'dir.ict'`,
      [doc.id],
    );
    expect(task).toEqual({ status: 'approved', acting_for_id: null });
  } finally {
    if (!revoked) await apiAs(base(), directorToken, 'POST', `/delegations/${delegation.id}/revoke`, {});
  }
});
