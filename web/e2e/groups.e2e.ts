import { expect, test } from '@playwright/test';
import { adminToken, apiAs, as, expectAccessible, expectNoSideScroll, screenshot } from './helpers';

/**
 * Working groups in the browser, on a phone-sized screen: a sub-group lead reports progress with a
 * request; the sub-group's chart table shows it; the project chair sees it across sub-groups and
 * answers the request.
 */
test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });

const SUB = 'Infrastructure sub-group';
const ROOT = 'Digital Government Project Working Group';
const now = new Date();
const PERIOD = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
/** The period as the page says it. */
const PERIOD_READ = `${now.toLocaleString('en-GB', { month: 'long' })} ${now.getFullYear()}`;
const REQUEST = `សូមបន្ថែមថវិកាសម្រាប់ការបណ្តុះបណ្តាល ${Date.now()}`;

test('a sub-group lead reports progress and the chart table shows it', async ({ browser }) => {
  await as(browser, 'head.sys', async (page) => {
    await page.getByRole('link', { name: 'Working groups', exact: true }).click();
    await page.getByRole('link', { name: SUB }).click();
    await expect(page.getByRole('heading', { level: 1, name: SUB })).toBeVisible();
    // Not a member of the project group above: its name, not a link that ends on "not found".
    await expect(page.getByText(/^Part of /)).toBeVisible();
    await expect(page.getByText(/^Part of /).getByRole('link')).toHaveCount(0);
    await page.getByRole('button', { name: 'New progress report' }).click();
    // Typed with Khmer digits and a small q, as a Khmer keyboard gives it: taken, sent as written in ASCII.
    const khmerDigits = (s: string) => s.replace(/[0-9]/g, (d) => '០១២៣៤៥៦៧៨៩'[Number(d)]!);
    await page.getByRole('textbox', { name: /^Period/ }).fill(khmerDigits(PERIOD.toLowerCase()));
    await page.getByRole('textbox', { name: 'Progress (%)' }).fill('75');
    await page.getByRole('textbox', { name: 'Achievements' }).fill('បានដំឡើងម៉ាស៊ីនមេចំនួន ១២ នៅ ១៨ ទីតាំង');
    await page.getByRole('textbox', { name: 'Challenges' }).fill('ខ្វះបុគ្គលិកបច្ចេកទេស');
    await page.getByRole('textbox', { name: /^Request to the parent group/ }).fill(REQUEST);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Submit report' }).click();
    await expect(page.getByText('The report is saved.')).toBeVisible();
    const table = page.getByRole('table', { name: 'Latest progress of each group' });
    const row = table.getByRole('row', { name: new RegExp(SUB) });
    await expect(row.getByRole('cell').nth(0)).toHaveText(PERIOD_READ);
    await expect(row.getByRole('cell').nth(1)).toHaveText('75%');
    // A group without sub-groups has its own progress, not a summary "across sub-groups" of itself.
    await expect(page.getByRole('img', { name: 'Progress', exact: true })).toBeVisible();
    await expect(page.getByText('Latest reported progress: 75%.')).toBeVisible();
    await expect(page.getByText(/^Overall: /)).toHaveCount(0);
    await expect(page.getByText(REQUEST)).toBeVisible();
    await expectNoSideScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'group-progress-en');
  });
});

test('the project chair sees it across sub-groups and answers the request', async ({ browser }) => {
  await as(browser, 'uss.ly', async (page) => {
    await page.getByRole('link', { name: 'Working groups', exact: true }).click();
    await page.getByRole('link', { name: ROOT }).click();
    const table = page.getByRole('table', { name: 'Latest progress of each group' });
    const row = table.getByRole('row', { name: new RegExp(SUB) });
    await expect(row.getByRole('cell').nth(1)).toHaveText('75%');
    // The overall figure says over how many: the mean of those that reported, and how many have not.
    const unreported = await table.getByRole('row').filter({ hasText: 'No report yet' }).count();
    expect(unreported).toBeGreaterThan(0); // the demo's other sub-group has none
    await expect(page.getByText(/^Overall: /)).toHaveText(
      new RegExp(
        `^Overall: \\d+% \\(the mean of the sub-groups that reported; ${unreported} ha(s|ve) no report yet\\)\\.$`,
      ),
    );
    const form = page.getByRole('form', { name: `Respond to: ${REQUEST}` });
    await form.getByRole('textbox', { name: 'Response' }).fill('យល់ព្រម នឹងបញ្ចូលក្នុងថវិកាឆ្នាំក្រោយ');
    await form.getByRole('combobox', { name: 'Decision' }).selectOption('accepted');
    await form.getByRole('button', { name: 'Send response' }).click();
    await expect(page.getByRole('form', { name: `Respond to: ${REQUEST}` })).toHaveCount(0);
    await expect(page.getByText('យល់ព្រម នឹងបញ្ចូលក្នុងថវិកាឆ្នាំក្រោយ')).toBeVisible();
    // The form went with the answer: the focus is on the request, which says when it was answered.
    const answered = page.getByRole('group', { name: `Request: ${REQUEST}` });
    await expect(answered).toBeFocused();
    await expect(answered.getByText(/^Answered on /)).toBeVisible();
    await expectNoSideScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'group-en');
    await page.getByRole('combobox', { name: 'Language' }).first().selectOption({ label: 'ខ្មែរ' });
    await expect(page.locator('html')).toHaveAttribute('lang', 'km');
    await expect(page.getByRole('heading', { name: 'វឌ្ឍនភាពតាមក្រុមការងាររង' })).toBeVisible();
    // The month of the report in Khmer words and digits, not `2026-12`.
    await expect(page.getByRole('cell', { name: /^ខែ\S+ ឆ្នាំ[០-៩]{4}$/ }).first()).toBeVisible();
    await expectNoSideScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'group-km');
  });
});

test('the secretary schedules a meeting from the group page', async ({ browser }) => {
  const title = `Monthly meeting ${Date.now()}`;
  await as(browser, 'staff.dara', async (page) => {
    await page.getByRole('link', { name: 'Working groups', exact: true }).click();
    await page.getByRole('link', { name: ROOT }).click();
    await page.getByRole('button', { name: 'New meeting' }).click();
    const form = page.getByRole('form', { name: 'New meeting' });
    // No title in either language: said at the first title, with the focus there (on a phone the
    // form's top is a screen away from its button, and a message there went unseen).
    await form.getByLabel('Starts at').fill('2027-01-15T09:00');
    await form.getByRole('button', { name: 'Schedule meeting' }).click();
    const titleKm = form.getByRole('textbox', { name: 'Title in Khmer' });
    await expect(titleKm).toBeFocused();
    await expect(titleKm).toHaveAttribute('aria-invalid', 'true');
    await expect(titleKm).toHaveAccessibleDescription(/^Give the meeting a title, in Khmer or in English\./);
    await form.getByRole('textbox', { name: 'Title in English' }).fill(title);
    await form.getByRole('textbox', { name: 'Title in Khmer' }).fill('កិច្ចប្រជុំប្រចាំខែ');
    await form.getByLabel('Starts at').fill('2027-01-15T09:00');
    // It cannot end before it starts (the date field's own bound; it went missing once).
    await expect(form.getByLabel('Ends at (optional)')).toHaveAttribute('min', '2027-01-15T09:00');
    await form.getByLabel('Ends at (optional)').fill('2027-01-15T11:30');
    await form.getByRole('textbox', { name: 'Place' }).fill('បន្ទប់ប្រជុំជាន់ទី៣');
    // An indented line is a sub-item of the one above it (WEB.md: a nested agenda).
    await form
      .getByRole('textbox', { name: /^Agenda/ })
      .fill('របាយការណ៍វឌ្ឍនភាព | 30\n  ភ្នំពេញ | 15\nផ្សេងៗ | ១២');
    await expectAccessible(page);
    await form.getByRole('button', { name: 'Schedule meeting' }).click();
    await expect(page).toHaveURL(/\/meetings\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText('30 min')).toBeVisible();
    await expect(page.getByText('12 min')).toBeVisible(); // typed in Khmer digits
    // The times typed are the ministry's (Phnom Penh), whatever the device's zone (this browser's is UTC).
    await expect(page.getByText(/ – 15 Jan 2027, 11:30$/)).toBeVisible();
    await expect(page.getByRole('group', { name: '1 របាយការណ៍វឌ្ឍនភាព' })).toBeVisible();
    await expect(page.getByRole('group', { name: '1.1 ភ្នំពេញ' })).toBeVisible();
    await expect(page.getByRole('group', { name: '2 ផ្សេងៗ' })).toBeVisible();
  });
});

test('a team’s secretary raises an unanswered request to the group above; a plain member cannot; the project chair answers it', async ({
  browser,
  baseURL,
}) => {
  // A third level under the infrastructure sub-group, set up as an administrator would.
  const admin = await adminToken(baseURL!);
  const groups = await apiAs<{ id: string; name: string }[]>(baseURL!, admin, 'GET', '/working-groups');
  const sub = groups.find((g) => g.name === SUB)!;
  const team = await apiAs<{ id: string }>(baseURL!, admin, 'POST', '/working-groups', {
    name: `Data centre team ${Date.now()}`,
    nameKm: 'ក្រុមមជ្ឈមណ្ឌលទិន្នន័យ',
    parentId: sub.id,
  });
  const userId = async (username: string) =>
    (
      await apiAs<{ items: { id: string; username: string }[] }>(
        baseURL!,
        admin,
        'GET',
        `/users?search=${username}`,
      )
    ).items.find((u) => u.username === username)!.id;
  for (const [username, role] of [
    ['official07', 'secretary'],
    ['official08', 'member'],
  ] as const) {
    await apiAs(baseURL!, admin, 'POST', `/working-groups/${team.id}/members`, {
      userId: await userId(username),
      role,
    });
  }
  const request = `សូមជួលអ្នកជំនាញបណ្តាញ ${Date.now()}`;
  await as(browser, 'official07', async (page) => {
    await page.goto(`/groups/${team.id}`);
    await page.getByRole('button', { name: 'New progress report' }).click();
    await page.getByRole('textbox', { name: /^Period/ }).fill(PERIOD);
    await page.getByRole('textbox', { name: 'Progress (%)' }).fill('30');
    await page.getByRole('textbox', { name: /^Request to the parent group/ }).fill(request);
    await page.getByRole('button', { name: 'Submit report' }).click();
    await expect(page.getByText('The report is saved.')).toBeVisible();
  });
  await as(browser, 'official08', async (page) => {
    await page.goto(`/groups/${team.id}`);
    const item = page.getByRole('group', { name: `Request: ${request}` });
    await expect(item.getByText(`Addressed to: ${SUB}`)).toBeVisible();
    await expect(item.getByRole('button', { name: 'Raise to the parent group' })).toHaveCount(0);
  });
  await as(browser, 'official07', async (page) => {
    await page.goto(`/groups/${team.id}`);
    const item = page.getByRole('group', { name: `Request: ${request}` });
    await expect(item.getByText(`Addressed to: ${SUB}`)).toBeVisible();
    await expectAccessible(page);
    await item.getByRole('button', { name: 'Raise to the parent group' }).click();
    await expect(item.getByText(`Addressed to: ${ROOT}`)).toBeVisible();
    await expect(item.getByText('Raised to the parent group')).toBeVisible();
    await expect(item.getByRole('button', { name: 'Raise to the parent group' })).toHaveCount(0);
    await expectNoSideScroll(page);
  });
  await as(browser, 'uss.ly', async (page) => {
    await page.getByRole('link', { name: 'Working groups', exact: true }).click();
    await page.getByRole('link', { name: ROOT }).click();
    const form = page.getByRole('form', { name: `Respond to: ${request}` });
    await form.getByRole('textbox', { name: 'Response' }).fill('យល់ព្រម');
    await form.getByRole('combobox', { name: 'Decision' }).selectOption('accepted');
    await form.getByRole('button', { name: 'Send response' }).click();
    await expect(page.getByRole('form', { name: `Respond to: ${request}` })).toHaveCount(0);
    const item = page.getByRole('group', { name: `Request: ${request}` });
    await expect(item.getByText('Accepted')).toBeVisible();
  });
});
