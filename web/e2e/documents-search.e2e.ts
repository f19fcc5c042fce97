import { expect, test } from '@playwright/test';
import { apiAs, as, tokenOf } from './helpers';

/**
 * The documents list searches titles and reference numbers on the server (Khmer substrings too),
 * so a document far down the list is found; the search stays in the address, through a reload.
 */
test.use({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });

const base = () => process.env.E2E_BASE_URL!;

test('the documents list finds a document by part of its Khmer title, and keeps the search', async ({
  browser,
}) => {
  const stamp = Date.now();
  const sophea = await tokenOf(base(), 'staff.sophea');
  const draft = (title: string) =>
    apiAs<{ id: string }>(base(), sophea, 'POST', '/documents', {
      title,
      documentType: 'letter',
      body: title,
    });
  await draft(`លិខិតផ្ទេរសិទ្ធិ ${stamp}`);
  await draft(`របាយការណ៍ប្រចាំខែ ${stamp}`);

  await as(browser, 'staff.sophea', async (page) => {
    await page.goto('/documents');
    await expect(page.getByRole('link', { name: `របាយការណ៍ប្រចាំខែ ${stamp}` })).toBeVisible();
    const search = page.getByRole('searchbox', { name: 'Search titles and reference numbers' });
    // Part of a word: the middle of "ផ្ទេរ", then the stamp.
    await search.fill(`ទេរសិទ្ធិ ${stamp}`);
    await expect(page.getByRole('status').filter({ hasText: '1 found.' })).toBeVisible();
    await expect(page.getByRole('link', { name: `លិខិតផ្ទេរសិទ្ធិ ${stamp}` })).toBeVisible();
    await expect(page.getByRole('link', { name: `របាយការណ៍ប្រចាំខែ ${stamp}` })).toHaveCount(0);
    await expect(page).toHaveURL(/[?&]q=/);

    await page.reload();
    await expect(search).toHaveValue(`ទេរសិទ្ធិ ${stamp}`);
    await expect(page.getByRole('link', { name: `លិខិតផ្ទេរសិទ្ធិ ${stamp}` })).toBeVisible();

    await search.fill(`គ្មាន ${stamp}`);
    await expect(page.getByText('No document matches.')).toBeVisible();

    // The other list keeps the search: staff.sophea decided none of these.
    await search.fill(`${stamp}`);
    await expect(page.getByRole('status').filter({ hasText: '2 found.' })).toBeVisible();
    await page.getByRole('button', { name: 'Decided by me' }).click();
    await expect(page.getByText('No document matches.')).toBeVisible();
    await expect(page).toHaveURL(/[?&]box=decided/);
  });
});

test('searching “returned” after the home page does not mistake the home page’s short lists for it', async ({
  browser,
}) => {
  await as(browser, 'staff.sophea', async (page) => {
    // The home page keeps its lists of returned and in-review documents under 'documents' too.
    await page.goto('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Documents' }).click();
    const search = page.getByRole('searchbox', { name: 'Search titles and reference numbers' });
    for (const word of ['returned', 'in_review']) {
      await search.fill(word);
      await expect(
        page.getByRole('status').filter({ hasText: /found\.|No document matches\./ }),
      ).toBeVisible();
    }
    await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible();
  });
});

test('a very long title takes a few lines in the list, not the screen', async ({ browser }) => {
  const sophea = await tokenOf(base(), 'staff.sophea');
  const stamp = Date.now();
  // 500 characters, the most a title may have.
  const title = `${stamp} ${'ផែនការថវិកា និងការបណ្តុះបណ្តាល '.repeat(30)}`.slice(0, 500);
  await apiAs(base(), sophea, 'POST', '/documents', { title, documentType: 'letter', body: 'A letter.' });
  await as(browser, 'staff.sophea', async (page) => {
    await page.goto(`/documents?q=${stamp}`);
    const link = page.getByRole('link', { name: title });
    await expect(link).toBeVisible();
    // Four lines at most (it took fifteen at this width); the link's name is still the whole title.
    const { height, lineHeight } = await link.evaluate((a) => ({
      height: a.getBoundingClientRect().height,
      lineHeight: parseFloat(getComputedStyle(a).lineHeight),
    }));
    expect(height).toBeLessThanOrEqual(4 * lineHeight + 2);
  });
});
