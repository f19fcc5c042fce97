import { expect, test } from '@playwright/test';
import {
  apiAs,
  expectAccessible,
  expectNoSideScroll,
  expectTablesFit,
  inEnglish,
  inKhmer,
  newDemoElection,
  signIn,
  tokenOf,
} from './helpers';

/**
 * Two different people with the same name: the demo's Kim Sothea (gd.admin) and the official
 * Kim Sothea (official15) both stand. The ballot and the results say which is which (the unit and
 * the member number under the name; a member is not shown others' sign-in names), in both languages;
 * the checkbox stays named by the name. On a small phone that line wraps: it does not push the page
 * sideways (it did, kept on one line). Lists of names in the results say which one too.
 */
test.use({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });

const base = () => process.env.E2E_BASE_URL!;

test('same-name candidates are told apart on the ballot and in the results', async ({ browser }) => {
  const admin = await tokenOf(base(), 'head.adm');
  const { electionId, candidates } = await newDemoElection(base(), admin, `Same names ${Date.now()}`, 1, [
    'gd.admin',
    'official15',
    'official02',
  ]);
  expect(candidates['gd.admin']!.fullName).toBe(candidates['official15']!.fullName);
  const name = candidates['gd.admin']!.fullName;
  await apiAs(base(), admin, 'POST', `/elections/${electionId}/open-voting`, {});

  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto('/login');
    await signIn(page, 'staff.sophea');
    await inEnglish(page);
    await page.goto(`/elections/${electionId}`);
    const boxes = page.getByRole('checkbox', { name, exact: true });
    await expect(boxes).toHaveCount(2);
    // Each says who it is: the unit and the member number, as the members list shows them.
    for (const i of [0, 1]) {
      await expect(boxes.nth(i)).toHaveAccessibleDescription(
        /^(General Department of Administration and Finance|Department of Postal Services) · Member\sNo\.\sM-\d{4}$/,
      );
    }
    await expect(
      page.getByText(/^General Department of Administration and Finance · Member\sNo\.\sM-\d{4}$/),
    ).toBeVisible();
    await expect(page.getByText(/^Department of Postal Services · Member\sNo\.\sM-\d{4}$/)).toBeVisible();
    await expect(page.getByText(/gd\.admin|official15/)).toHaveCount(0);
    // A name nobody else has stays as it was.
    await expect(page.getByText('official02')).toHaveCount(0);
    await expectNoSideScroll(page);
    await expectAccessible(page);
    await inKhmer(page);
    await expect(page.getByText(/^នាយកដ្ឋានសេវាប្រៃសណីយ៍ · លេខសមាជិក\sM-\d{4}$/)).toBeVisible();
    await expectNoSideScroll(page);
    await inEnglish(page);

    await apiAs(base(), admin, 'POST', `/elections/${electionId}/close-voting`, {});
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Results' })).toBeVisible({ timeout: 30_000 });
    const rows = page.getByRole('table', { name: 'Votes per candidate, by rank' }).getByRole('row', { name });
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: 'General Department of Administration and Finance' })).toHaveCount(1);
    await expect(rows.filter({ hasText: 'Department of Postal Services' })).toHaveCount(1);
    await expectNoSideScroll(page);
    // The table fits (its Outcome column was cut at 360 px), and so do the chart's labels, which say
    // which namesake by the member number alone.
    await expectTablesFit(page);
    const labels = await page
      .getByRole('img', { name: 'Votes per candidate' })
      .evaluate((svg) =>
        [...svg.querySelectorAll('text')]
          .filter((t) => t.textContent!.includes('·'))
          .map((t) => ({ text: t.textContent!, length: (t as SVGTextElement).getComputedTextLength() })),
      );
    expect(labels.filter((l) => /^\S+ \S+ \(Member\sNo\.\sM-\d{4}\) · /.test(l.text))).toHaveLength(2);
    expect(labels.filter((l) => l.length > 320)).toEqual([]);
    // No ballots, one seat: the three tie, and the tie's list of names says which namesake is which.
    const said = await page.getByRole('status').filter({ hasText: name }).innerText();
    expect(said).toMatch(
      new RegExp(
        `${name} \\((General Department of Administration and Finance|Department of Postal Services) · Member\\sNo\\.\\sM-\\d{4}\\)`,
      ),
    );
  } finally {
    await context.close();
  }
});
