import { expect, test } from '@playwright/test';
import {
  apiAs,
  expectAccessible,
  inEnglish,
  newDemoElection,
  signIn,
  tokenOf,
  breakTieByLot,
} from './helpers';

/**
 * Substitutes tied on votes: before the tie-break for the seat they have no places yet (its loser
 * comes first); the lot that breaks the tie for the seat orders them too, and the page publishes
 * each one's number, as it does for the seat's tie.
 */
test.use({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });

const base = () => process.env.E2E_BASE_URL!;

test('substitutes have no places while the seat’s tie waits; the lot orders them, and the draw is published', async ({
  browser,
}) => {
  const admin = await tokenOf(base(), 'head.adm');
  const { electionId, candidates } = await newDemoElection(base(), admin, `Substitutes ${Date.now()}`, 1, [
    'official02',
    'official03',
    'official05',
    'official06',
  ]);
  const ids = await apiAs<{ candidates: { id: string; fullName: string }[] }>(
    base(),
    admin,
    'GET',
    `/elections/${electionId}`,
  );
  const idOf = (username: string) =>
    ids.candidates.find((c) => c.fullName === candidates[username]!.fullName)!.id;
  await apiAs(base(), admin, 'POST', `/elections/${electionId}/open-voting`, {});
  // One vote each for official02 and official03 (a tie for the seat); none for the other two.
  for (const [voter, choice] of [
    ['official14', 'official02'],
    ['official15', 'official03'],
  ] as const) {
    await apiAs(base(), await tokenOf(base(), voter), 'POST', `/elections/${electionId}/ballots`, {
      candidateIds: [idOf(choice)],
    });
  }
  await apiAs(base(), admin, 'POST', `/elections/${electionId}/close-voting`, {});

  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto('/login');
    await signIn(page, 'head.adm');
    await inEnglish(page);
    await page.goto(`/elections/${electionId}`);
    await expect(page.getByRole('heading', { name: 'Results' })).toBeVisible({ timeout: 30_000 });
    const zero = [candidates['official05']!.fullName, candidates['official06']!.fullName];
    const substitutes = page.locator('dt:text-is("Substitutes") + dd');
    // Before the lot no places are given: the tied candidate who loses the seat comes first, so
    // the two with no votes are 2–3, not the "1–2" this page once showed.
    await expect(substitutes).toHaveText(
      'Ranked once the tie for the last seat is broken: the tied candidates who do not win it come first.',
    );

    await breakTieByLot(page);
    await expect(
      page.getByRole('heading', { name: 'How substitutes tied on votes were ordered' }),
    ).toBeVisible();
    await page.getByText('Check the substitutes’ draw yourself', { exact: false }).click();
    const draw = page.getByRole('list', { name: 'Substitutes with 0 votes, smallest number first' });
    await expect(draw.getByRole('listitem')).toHaveCount(2);
    // The places now follow the published draw: the seat's loser first, then the two in draw order.
    const drawn = await draw.getByRole('listitem').allTextContents();
    const order = drawn.map((line) => zero.find((n) => line.startsWith(n))!);
    await expect(substitutes).toHaveText(
      new RegExp(
        `^1\\. .+; 2\\. ${order[0]}; 3\\. ${order[1]} \\(equal votes: places drawn by lot, below\\)$`,
      ),
    );
    await expectAccessible(page);
  } finally {
    await context.close();
  }
});
