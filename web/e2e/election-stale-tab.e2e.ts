import { expect, test } from '@playwright/test';
import { apiAs, inEnglish, newDemoElection, signIn, tokenOf } from './helpers';

/**
 * A member with the ballot open in two tabs votes in one; the other, still showing the ballot,
 * is refused (one member, one ballot) and then shows that the member has voted, not a ballot that
 * can no longer be cast.
 */
test.use({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });

const base = () => process.env.E2E_BASE_URL!;

test('a ballot cast in another tab: the stale one says "you have voted" instead of offering the ballot', async ({
  browser,
}) => {
  const admin = await tokenOf(base(), 'head.adm');
  const election = await newDemoElection(base(), admin, `Two tabs ${Date.now()}`, 1, ['official02']);
  await apiAs(base(), admin, 'POST', `/elections/${election.electionId}/open-voting`, {});
  const context = await browser.newContext();
  try {
    const first = await context.newPage();
    await first.goto('/login');
    await signIn(first, 'official13');
    await inEnglish(first);
    const second = await context.newPage();
    for (const page of [first, second]) await page.goto(`/elections/${election.electionId}`);
    await expect(second.getByRole('button', { name: 'Cast ballot' })).toBeVisible();

    await first.getByRole('checkbox').first().check();
    await first.getByRole('button', { name: 'Cast ballot' }).click();
    await first.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expect(first.getByRole('heading', { level: 2, name: 'Your ballot is cast' })).toBeVisible();

    await second.getByRole('checkbox').first().check();
    await second.getByRole('button', { name: 'Cast ballot' }).click();
    await second.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expect(second.getByRole('heading', { level: 2, name: 'You have voted' })).toBeVisible();
    await expect(second.getByRole('button', { name: 'Cast ballot' })).toHaveCount(0);
  } finally {
    await context.close();
    // Not left open for the other stories of the demo association.
    await apiAs(base(), admin, 'POST', `/elections/${election.electionId}/cancel`);
  }
});
