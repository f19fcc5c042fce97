import { expect, test } from '@playwright/test';
import { apiAs, as, newDemoElection, tokenOf } from './helpers';

/**
 * The system administrator, who is not a member of the association, reads its election but is not
 * offered to run it: a new user's walk found "Running this election" with Close voting and Cancel
 * election on the IT administrator's page, while the elections are the association committee's;
 * and "New meeting" on the association's page, while its meetings are its board's and committee's.
 */
test.use({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });

const base = () => process.env.E2E_BASE_URL!;

test('the system administrator reads an association election but does not run it', async ({ browser }) => {
  const committee = await tokenOf(base(), 'head.adm');
  const title = `Read only ${Date.now()}`;
  const { associationId, electionId } = await newDemoElection(base(), committee, title, 1, [
    'official02',
    'official03',
  ]);
  await apiAs(base(), committee, 'POST', `/elections/${electionId}/open-voting`, {});
  await as(browser, 'admin', async (page) => {
    await page.goto(`/elections/${electionId}`);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Running this election' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Close voting' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Cancel election' })).toHaveCount(0);
    await page.goto(`/associations/${associationId}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Create election' })).toHaveCount(0);
    await expect(page.getByText(/^New election/)).toHaveCount(0);
    // Nor calls its meetings: those are its board's and committee's (one was made with the
    // administrator as its only participant).
    await expect(page.getByText('New meeting', { exact: true })).toHaveCount(0);
  });
  // The committee still runs it.
  await as(browser, 'head.adm', async (page) => {
    await page.goto(`/elections/${electionId}`);
    await expect(page.getByRole('button', { name: 'Close voting' })).toBeVisible();
  });
  await apiAs(base(), committee, 'POST', `/elections/${electionId}/cancel`, {});
});
