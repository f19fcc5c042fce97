import { expect, test } from '@playwright/test';
import { apiAs, newDemoElection, signIn, tokenOf } from './helpers';

test.use({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });

const base = () => process.env.E2E_BASE_URL!;

/**
 * The committee's controls and the results are separate code (lazyComponent) in the server's render
 * of an election page, and both read the results. Were the page hydrated before the controls' code
 * had come, the results part would fetch the results meanwhile, and the controls would then hydrate
 * with them over the server's markup made without: React's error #418 and a new render (seen in
 * CI, where the controls' code came late). The app waits for the page's separate code first.
 */
test('an election page whose committee controls come late hydrates without a mismatch', async ({ page }) => {
  const admin = await tokenOf(base(), 'head.adm');
  const { electionId } = await newDemoElection(base(), admin, `Hydration ${Date.now()}`, 1, [
    'official02',
    'official03',
  ]);
  const election = await apiAs<{ candidates: { id: string }[] }>(
    base(),
    admin,
    'GET',
    `/elections/${electionId}`,
  );
  await apiAs(base(), admin, 'POST', `/elections/${electionId}/open-voting`, {});
  await apiAs(base(), await tokenOf(base(), 'official14'), 'POST', `/elections/${electionId}/ballots`, {
    candidateIds: [election.candidates[0]!.id],
  });
  await apiAs(base(), admin, 'POST', `/elections/${electionId}/close-voting`, {});
  await expect
    .poll(
      async () =>
        (await apiAs<{ resultsAvailable: boolean }>(base(), admin, 'GET', `/elections/${electionId}`))
          .resultsAvailable,
      { timeout: 30_000 },
    )
    .toBe(true);

  await signIn(page, 'head.adm');
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  // The controls' code is held until the results have been fetched, if the app fetches them
  // before it has the controls (it should not: then it is held a few seconds, and comes).
  const resultsFetched = page
    .waitForResponse((r) => r.url().includes(`/api/v1/elections/${electionId}/results`), { timeout: 5_000 })
    .catch(() => null);
  let held = 0;
  await page.route(/\/assets\/AdminControls-[^/]*\.js$/, async (route) => {
    held += 1;
    await resultsFetched;
    await route.continue();
  });
  await page.goto(`/elections/${electionId}`);
  const controls = page.locator('section[aria-labelledby="admin-title"]');
  await expect(controls.getByRole('button').first()).toBeEnabled({ timeout: 15_000 });
  await page.waitForLoadState('networkidle');
  // The controls' code was the one held (a renamed chunk would hold nothing and prove nothing).
  expect(held).toBeGreaterThan(0);
  expect(problems).toEqual([]);
});
