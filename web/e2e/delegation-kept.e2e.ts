import { expect, test } from '@playwright/test';
import { apiAs, as, e2eQuery, letterAtDirector, tokenOf } from './helpers';

/**
 * A director away who delegated to the head of office still decides the director's stage once that
 * head has approved the one before (nobody signs one document twice). The route says so: a new
 * user's walk found the delegation passed over in silence, on the route and in both inboxes.
 */
test.use({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });

const base = () => process.env.E2E_BASE_URL!;

test('the route says why a director away decides a stage their delegate may not', async ({ browser }) => {
  const name = async (username: string) =>
    (
      await e2eQuery<{ id: string; full_name: string }>(
        `SELECT id, full_name FROM users WHERE username = $1`,
        [username],
      )
    )[0]!;
  const head = await name('head.sys');
  const director = await name('dir.ict');
  const directorToken = await tokenOf(base(), 'dir.ict');
  const delegation = await apiAs<{ id: string }>(base(), directorToken, 'POST', '/delegations', {
    toUserId: head.id,
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
  });
  try {
    // A letter: the head of office, then the director.
    const { doc, sophea } = await letterAtDirector(base(), `Delegation kept ${Date.now()}`);
    await as(browser, 'staff.sophea', async (page) => {
      await page.goto(`/documents/${doc.id}`);
      await expect(
        page.getByText(
          `${director.full_name} has delegated to ${head.full_name}, who approved an earlier stage, so ${director.full_name} decides this one: nobody signs one document twice.`,
        ),
      ).toBeVisible();
    });
    await apiAs(base(), sophea, 'POST', `/documents/${doc.id}/withdraw`, {});
  } finally {
    await apiAs(base(), directorToken, 'POST', `/delegations/${delegation.id}/revoke`, {});
  }
});
